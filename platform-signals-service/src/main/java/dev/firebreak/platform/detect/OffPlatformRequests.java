package dev.firebreak.platform.detect;

import dev.firebreak.kit.findings.Evidence;
import dev.firebreak.platform.event.EventType;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * PL-12: a message or profile text that asks to move off the platform (messenger handles and invitations), to
 * borrow or rent an account, identity or personal details, or to be paid in cryptocurrency. Each request is
 * recognised by what it asks, in several languages alike (English, Russian, Chinese, Korean, Vietnamese, Spanish):
 * the language a text is written in is never itself a signal (DESIGN.md "Fairness"). The evidence names the
 * categories and the matched terms, not the whole message.
 */
public final class OffPlatformRequests {

    /** What a text asks for. */
    public enum Category { OFF_PLATFORM_CONTACT, ACCOUNT_BORROWING, CRYPTO_PAYMENT }

    /**
     * A pattern and the literal strings of which every match contains at least one (its anchors). A text holding none
     * of a rule's anchors cannot match it, so its regular expression is not run: in the platform benchmark (10,000
     * events/s) running all 42 expressions over every text took 18 % of the stream threads' time, and most texts hold
     * no anchor at all. A string search is much cheaper than a Unicode-aware regular expression over the whole text.
     * {@code OffPlatformRequestsTest} checks, for an example of every rule and for ordinary texts, that the anchors
     * never change the result.
     */
    record Rule(Pattern pattern, List<String> anchors) {
        boolean mayMatch(String normalised) {
            for (String anchor : anchors) {
                if (normalised.contains(anchor)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final List<String> MESSENGERS = List.of("telegram", "whatsapp", "signal", "skype", "discord", "wechat",
            "viber", "zalo");
    /** The messengers as a regular expression's alternatives (each rule that names one names them all). */
    private static final String MESSENGER = "(?:" + String.join("|", MESSENGERS) + ")";
    private static final List<String> LENDING = List.of("use", "borrow", "rent", "lend me", "buy", "share");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    static final Map<Category, List<Rule>> RULES = new LinkedHashMap<>();

    /** Russian names of messengers (a rule asks for a contact verb or "my" before them: a bot for one is ordinary work). */
    private static final List<String> RU_MESSENGERS = List.of("телеграм", "ватсап", "вотсап", "вайбер", "скайп");
    private static final String RU_MESSENGER = "(?:" + String.join("|", RU_MESSENGERS) + ")\\w*";
    private static final List<String> CJK_MESSENGERS = List.of("微信", "电报", "텔레그램", "카카오톡", "카톡", "왓츠앱");

    static {
        // Every rule asks for something: a messenger's name alone is ordinary (a Telegram bot, a WhatsApp Business
        // integration, a KakaoTalk share button are freelancers' everyday work), as are cryptography and "share your
        // screen". Words are matched whole (\b), so "id" is not "ideas" and "crypto" not "cryptography".
        // OffPlatformRequestsCorpusTest measures the rules on over 300 ordinary messages and the advisory's requests.
        RULES.put(Category.OFF_PLATFORM_CONTACT, List.of(
                rule("t\\.me/\\w+", "t.me/"), rule("wa\\.me/\\d+", "wa.me/"), rule("discord\\.gg/\\w+", "discord.gg/"),
                rule("\\bskype:\\s*\\S+", "skype:"), rule("\\blive:\\S+", "live:"),
                rule("\\b(?:on|via|over|through|find me on|add me on|my) " + MESSENGER + "\\b", MESSENGERS),
                rule("\\b" + MESSENGER + "\\s*(?:@|:|\\b(?:id|handle|number|account|me)\\b)", MESSENGERS),
                rule("\\b(?:move|switch|go over|continue|talk|chat)\\b(?: \\w+){0,3} (?:to|on|over|via|in) " + MESSENGER + "\\b",
                        MESSENGERS),
                rule("\\b(?:contact|message|text|call|reach|write to) me (?:directly|outside|privately|(?:on|via|at|through) "
                        + "(?:" + MESSENGER + "|e-?mail|\\+?\\d|@))", " me "),
                rule("\\b(?:talk|chat|work|deal|pay|continue|settle|contact|communicate|meet)\\b[^.\\n]{0,30}\\b(?:outside|off) "
                        + "(?:of )?(?:the |this )?platform\\b", "platform"),
                rule("(?:пиш|напиш|свяж|звон|добав|переход|перейд|перейт|давай)\\w* (?:мне |со мной |туда |лучше )?(?:в|через|по|на) "
                        + RU_MESSENGER, RU_MESSENGERS),
                rule("\\bмой " + RU_MESSENGER, RU_MESSENGERS),
                rule("вне платформ\\w*", "вне платформ"),
                rule("加我的?(?:微信|电报|whatsapp|telegram)|(?:微信|电报)(?:号|联系|聊)|用(?:微信|电报)联系", CJK_MESSENGERS),
                rule("平台外面?(?:联系|聊|沟通|交易|付款|谈)", "平台外"),
                rule("(?:텔레그램|카카오톡|카톡|왓츠앱)(?:으로|로)? (?:연락|이야기|대화|얘기)|(?:텔레그램|카카오톡|카톡|왓츠앱) (?:아이디|id|주소)",
                        CJK_MESSENGERS),
                rule("플랫폼 밖", "플랫폼 밖"), rule("ngoài nền tảng", "ngoài nền tảng"),
                rule("liên hệ qua (?:telegram|zalo|whatsapp|viber)", "liên hệ qua "),
                rule("fuera de la plataforma", "fuera de la plataforma"),
                rule("(?:escr[ií]be|cont[aá]cta|h[aá]bla|agr[eé]ga|ll[aá]ma)(?:me|nos) (?:por|a|en|al) " + MESSENGER,
                        "escribeme ", "escríbeme ", "contactame ", "contáctame ", "hablame ", "háblame ", "agregame ",
                        "agrégame ", "llamame ", "llámame ", "escribenos ", "escríbenos ", "contactanos ", "contáctanos ")));
        List<String> borrowing = new ArrayList<>();
        for (String verb : LENDING) {
            borrowing.add(verb + " your ");
            borrowing.add(verb + " my ");
        }
        RULES.put(Category.ACCOUNT_BORROWING, List.of(
                rule("\\b(?:" + String.join("|", LENDING) + ") (?:your|my) (?:upwork |freelancer |platform )?"
                        + "(?:account|profile|identity|id|passport|bank account)\\b", borrowing),
                rule("\\b(?:use|borrow|rent|buy) (?:their|someone'?s|someone else'?s|a friend'?s|your friend'?s) "
                        + "(?:upwork |freelancer |platform |bank )?(?:account|profile|identity|id|passport)\\b",
                        "their ", "someone", "friend"),
                rule("\\b(?:contract|job|project|bid|work)s? (?:on|under|through) your (?:account|profile|name)\\b",
                        "on your ", "under your ", "through your "),
                rule("\\b(?:verify|pass (?:the )?(?:kyc |identity |id )?(?:verification|check|kyc)) (?:for|on behalf of) me\\b",
                        "for me", "on behalf of me"),
                rule("\\b(?:your|a) (?:photo of your |scan of your )?(?:id card|passport|driver'?s licen[cs]e)\\b (?:to|for) "
                        + "(?:verify|open|register)", "id card", "passport", "driver"),
                rule("аренд\\w* (?:ваш\\w* |твой |твоего )?аккаунт\\w*", "аренд"),
                rule("(?:одолж\\w*|использ\\w*) (?:ваш\\w*|твой) аккаунт", "аккаунт"),
                rule("借用?你的?(?:账户|账号|帐号)", "借"), rule("租用?你?的?(?:账户|账号|帐号)", "租"),
                rule("계정(?:을)? (?:빌려|대여|임대)", "계정"), rule("(?:mượn|thuê) tài khoản", "tài khoản"),
                rule("(?:usar|prestar|alquilar) tu cuenta", "tu cuenta"),
                rule("(?:m[aá]nda|env[ií]a|p[aá]sa)me tu (?:pasaporte|dni|identificaci[oó]n|documento)", "tu ")));
        RULES.put(Category.CRYPTO_PAYMENT, List.of(
                rule("\\b(?:pay|paid|payment|send)\\b[^.\\n]{0,30}\\b(?:usdt|usdc|btc|bitcoin|eth|ether|crypto|cryptocurrency|tether)\\b",
                        "usdt", "usdc", "btc", "bitcoin", "eth", "crypto", "tether"),
                rule("\\b(?:usdt|usdc)\\b[^.\\n]{0,20}\\b(?:trc-?20|erc-?20|wallet|address)\\b", "usdt", "usdc"),
                rule("\\b(?:crypto|bitcoin|usdt) (?:wallet|address)\\b", "crypto", "bitcoin", "usdt"),
                rule("оплат\\w* (?:в|через) (?:usdt|крипт\\w*|биткоин\\w*)", "оплат"),
                rule("用(?:usdt|比特币|加密货币)(?:支付|付款)", "用"),
                rule("(?:usdt|코인|암호화폐)(?:로|으로) (?:지급|결제)", "지급", "결제"),
                rule("thanh toán (?:bằng|qua) (?:usdt|tiền điện tử|bitcoin)", "thanh toán"),
                rule("pag(?:o|ar|arme|ame)? en (?:usdt|cripto\\w*|bitcoin)", "pag")));
    }

    private static Rule rule(String pattern, String... anchors) {
        return rule(pattern, List.of(anchors));
    }

    private static Rule rule(String pattern, List<String> anchors) {
        // the text is lower-cased before matching and the patterns are lower case: no case folding per character
        return new Rule(Pattern.compile(pattern, Pattern.UNICODE_CHARACTER_CLASS), List.copyOf(anchors));
    }

    /** The categories a text asks for, each with the terms that matched. */
    public static Map<Category, List<String>> scan(String text) {
        return scan(text, true);
    }

    /** {@link #scan(String)}, with or without the anchors' shortcut (tests compare the two). */
    static Map<Category, List<String>> scan(String text, boolean byAnchors) {
        Map<Category, List<String>> found = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return found;
        }
        String normalised = WHITESPACE.matcher(Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT))
                .replaceAll(" ");
        RULES.forEach((category, rules) -> {
            TreeSet<String> terms = new TreeSet<>();
            for (Rule rule : rules) {
                if (byAnchors && !rule.mayMatch(normalised)) {
                    continue;
                }
                Matcher m = rule.pattern().matcher(normalised);
                while (m.find() && terms.size() < 5) {
                    String term = m.group().strip();
                    terms.add(term.length() > 60 ? term.substring(0, 60) : term);
                }
            }
            if (!terms.isEmpty()) {
                found.put(category, List.copyOf(terms));
            }
        });
        return found;
    }

    /** PL-12 for one MESSAGE or PROFILE_TEXT event (field {@code text}). */
    public Optional<Finding> inspect(Activity e) {
        if (!e.is(EventType.MESSAGE, EventType.PROFILE_TEXT) || AccountRules.fromClient(e)) {
            return Optional.empty(); // a client asking to move off the platform says nothing about the worker
        }
        Map<Category, List<String>> found = scan(e.text("text"));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        List<String> categories = found.keySet().stream().map(Enum::name).toList();
        return Optional.of(new Finding("PL-12", "off-platform-requests", found.size() > 1 ? 0.8 : 0.65,
                Evidence.of("kind", "OFF_PLATFORM_REQUEST", "categories", categories, "matched",
                        found.entrySet().stream().collect(Collectors.toMap(x -> x.getKey().name(),
                                Map.Entry::getValue, (a, b) -> a, TreeMap::new)),
                        "eventType", e.type().name(),
                        "explanation", "a " + e.typeInWords() + " asking for "
                                + String.join(", ", categories).toLowerCase(Locale.ROOT).replace('_', ' ')),
                List.of(e.eventId()), List.of(e.accountId())));
    }
}
