package dev.firebreak.platform.detect;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final Map<Category, List<Pattern>> PATTERNS = new LinkedHashMap<>();

    static {
        PATTERNS.put(Category.OFF_PLATFORM_CONTACT, compile(
                "t\\.me/\\w+", "wa\\.me/\\d+", "discord\\.gg/\\w+", "\\bskype:\\s*\\S+", "\\blive:\\S+",
                "\\b(?:on|via|over|through|find me on|add me on|my) (?:telegram|whatsapp|signal|skype|discord|wechat|viber|zalo)\\b",
                "\\b(?:telegram|whatsapp|signal|skype|discord|wechat|viber|zalo)\\s*(?:@|:|\\b(?:id|handle|number|account|me)\\b)",
                "(?:contact|message|text|call|reach|write to) me (?:directly|outside|on|via|at)",
                "(?:outside|off) (?:of )?(?:the |this )?platform",
                "телеграм\\w*", "ватсап\\w*", "вотсап\\w*", "вне платформ\\w*", "напиши(?:те)? мне в",
                "微信", "电报", "平台外", "텔레그램", "카카오톡", "플랫폼 밖", "ngoài nền tảng", "liên hệ qua (?:telegram|zalo|whatsapp)",
                "fuera de la plataforma", "escr[ií]beme (?:por|a|en)"));
        PATTERNS.put(Category.ACCOUNT_BORROWING, compile(
                "(?:use|borrow|rent|lend me|buy|share) (?:your|my) (?:upwork |freelancer |platform )?(?:account|profile|identity|id|passport|bank account)",
                "(?:verify|pass (?:the )?(?:verification|kyc)) (?:for|on behalf of) me",
                "(?:your|a) (?:photo of your |scan of your )?(?:id card|passport|driver'?s licen[cs]e) (?:to|for) (?:verify|open|register)",
                "аренд\\w* (?:ваш\\w* |твой |твоего )?аккаунт\\w*", "(?:одолж\\w*|использ\\w*) (?:ваш\\w*|твой) аккаунт",
                "借用?你的?(?:账户|账号|帐号)", "租用?(?:账户|账号|帐号)", "계정(?:을)? (?:빌려|대여|임대)",
                "(?:mượn|thuê) tài khoản", "(?:usar|prestar|alquilar) tu cuenta"));
        PATTERNS.put(Category.CRYPTO_PAYMENT, compile(
                "\\b(?:pay|paid|payment|send)\\b[^.\\n]{0,30}\\b(?:usdt|usdc|btc|bitcoin|eth|ether|crypto\\w*|tether)\\b",
                "\\b(?:usdt|usdc)\\b[^.\\n]{0,20}\\b(?:trc-?20|erc-?20|wallet|address)\\b",
                "\\b(?:crypto|bitcoin|usdt) (?:wallet|address)\\b",
                "оплат\\w* (?:в|через) (?:usdt|крипт\\w*|биткоин\\w*)", "用(?:usdt|比特币|加密货币)(?:支付|付款)",
                "(?:usdt|코인|암호화폐)(?:로|으로) (?:지급|결제)", "thanh toán (?:bằng|qua) (?:usdt|tiền điện tử|bitcoin)",
                "pago en (?:usdt|cripto\\w*|bitcoin)"));
    }

    private static List<Pattern> compile(String... patterns) {
        List<Pattern> compiled = new ArrayList<>();
        for (String p : patterns) {
            // the text is lower-cased before matching and the patterns are lower case: no case folding per character
            compiled.add(Pattern.compile(p, Pattern.UNICODE_CHARACTER_CLASS));
        }
        return compiled;
    }

    /** The categories a text asks for, each with the terms that matched. */
    public static Map<Category, List<String>> scan(String text) {
        Map<Category, List<String>> found = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return found;
        }
        String normalised = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)
                .replaceAll("\\s+", " ");
        PATTERNS.forEach((category, patterns) -> {
            TreeSet<String> terms = new TreeSet<>();
            for (Pattern p : patterns) {
                Matcher m = p.matcher(normalised);
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
        if (!e.is("MESSAGE", "PROFILE_TEXT")) {
            return Optional.empty();
        }
        Map<Category, List<String>> found = scan(e.text("text"));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        List<String> categories = found.keySet().stream().map(Enum::name).toList();
        return Optional.of(new Finding("PL-12", "off-platform-requests", found.size() > 1 ? 0.8 : 0.65,
                Finding.evidence("kind", "OFF_PLATFORM_REQUEST", "categories", categories, "matched",
                        found.entrySet().stream().collect(java.util.stream.Collectors.toMap(x -> x.getKey().name(),
                                Map.Entry::getValue, (a, b) -> a, java.util.TreeMap::new)),
                        "eventType", e.type(),
                        "explanation", "a " + e.type().toLowerCase(Locale.ROOT).replace('_', ' ') + " asking for "
                                + String.join(", ", categories).toLowerCase(Locale.ROOT).replace('_', ' ')),
                List.of(e.eventId()), List.of(e.accountId())));
    }
}
