package dev.firebreak.platform.detect;

import org.junit.jupiter.api.Test;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PL-12's rules and their anchors: every rule matches its example, the example holds one of the rule's anchors, and
 * the shortcut (skip a rule whose anchors are all absent) never changes what a text is found to ask for.
 */
class OffPlatformRequestsTest {

    /** One example per rule, in the rules' order (OffPlatformRequests.RULES). */
    private static final List<String> EXAMPLES = List.of(
            // off-platform contact
            "find me at t.me/fastdev99", "wa.me/4915112345678 is my number", "join discord.gg/devteam",
            "skype: dev.kim", "add live:cid.12345", "let's talk on Telegram instead",
            "my WhatsApp: +44 7700 900123", "let's move this to WhatsApp", "please contact me directly about it",
            "we can settle this outside the platform", "пишите в телеграмм", "мой вотсап ниже", "обсудим вне платформы",
            "加我微信", "我们平台外聊", "카카오톡 아이디", "플랫폼 밖에서 이야기해요",
            "nói chuyện ngoài nền tảng nhé", "liên hệ qua zalo", "hablemos fuera de la plataforma", "escríbeme por whatsapp",
            // account borrowing
            "can I rent your freelancer account", "I need to use someone's bank account", "take the job on your account",
            "please pass the kyc on behalf of me", "send a scan of your passport to verify the profile",
            "аренда вашего аккаунта", "одолжите ваш аккаунт", "借用你的账户", "租账号", "계정을 빌려 주세요",
            "cho thuê tài khoản", "quiero usar tu cuenta", "mándame tu pasaporte",
            // crypto payment
            "I'll pay you in bitcoin", "USDT TRC20 wallet below", "here is my crypto wallet",
            "оплата через usdt", "用比特币支付", "코인으로 지급 가능", "thanh toán bằng usdt", "pago en cripto");

    @Test
    void everyRuleMatchesItsExampleWhichHoldsOneOfItsAnchors() {
        List<OffPlatformRequests.Rule> rules = OffPlatformRequests.RULES.values().stream().flatMap(List::stream).toList();
        assertEquals(rules.size(), EXAMPLES.size(), "an example per rule");
        for (int i = 0; i < rules.size(); i++) {
            OffPlatformRequests.Rule rule = rules.get(i);
            // as scan normalises a text (a rule written in decomposed letters would never match one)
            String normalised = Normalizer.normalize(EXAMPLES.get(i), Normalizer.Form.NFKC)
                    .toLowerCase(Locale.ROOT);
            assertTrue(rule.pattern().matcher(normalised).find(), rule.pattern() + " matches " + EXAMPLES.get(i));
            assertTrue(rule.mayMatch(normalised), rule.anchors() + " in " + EXAMPLES.get(i));
        }
    }

    @Test
    void theAnchorsNeverChangeTheResult() {
        List<String> texts = new ArrayList<>(EXAMPLES);
        texts.addAll(List.of("I pushed the fix for the payment page; the signal handler is in place.",
                "Добрый день! Отправил отчёт по задаче.", "我已经完成了这个任务", "Thanks, the invoice is paid.",
                "Escríbeme por WhatsApp, pago en USDT", "Let's continue on Telegram: t.me/fastdev99 and pay in USDT",
                "Can you pay in USDT (TRC20)? It is faster.", "I can pay you monthly to use your Upwork account",
                "Contact   me\n\tdirectly", "ＴＥＬＥＧＲＡＭ： @dev", ""));
        // each example glued to ordinary text, and pairs of examples: matches in the middle of longer texts
        for (int i = 0; i < EXAMPLES.size(); i++) {
            texts.add("Hello. " + EXAMPLES.get(i) + " Regards.");
            texts.add(EXAMPLES.get(i) + " " + EXAMPLES.get((i + 7) % EXAMPLES.size()));
        }
        for (String text : texts) {
            assertEquals(OffPlatformRequests.scan(text, false), OffPlatformRequests.scan(text, true), text);
        }
        assertFalse(OffPlatformRequests.scan("ＴＥＬＥＧＲＡＭ： @dev").isEmpty(), "full-width letters are folded first");
        assertEquals(Map.of(), OffPlatformRequests.scan("I pushed the fix for the payment page."));
    }
}
