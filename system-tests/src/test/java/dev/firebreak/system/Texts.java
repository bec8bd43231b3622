package dev.firebreak.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The texts of {@link QualityPopulation}'s workers and clients: each ordinary worker's own profile and bids (written
 * from many sentences, so two workers rarely share more than a phrase), the everyday messages of freelancers in several
 * languages — including the ones that mention cryptography, signal processing or sharing ideas — clients' own requests
 * to move off the platform, and the requests the advisory describes, written by the pattern workers.
 */
final class Texts {

    private Texts() {
    }

    static final String[] TAGS = {"react", "java", "python", "design", "data", "mobile", "devops", "wordpress", "testing",
        "translation", "blockchain", "security"};

    private static final String[] SKILLS = {"React and TypeScript", "Spring Boot services", "Django back ends",
        "Flutter apps", "PostgreSQL tuning", "Kubernetes operations", "data pipelines in Airflow", "WordPress themes",
        "Figma design systems", "test automation with Playwright", "embedded C for sensors", "Unity games",
        "technical translation", "Power BI dashboards", "Salesforce integrations", "iOS apps in SwiftUI"};

    private static final String[] OPENERS = {"Hello, I read your brief about %s carefully.",
        "Good day! Your project on %s is close to what I did last spring.",
        "Hi there, I have shipped several projects with %s and would enjoy this one.",
        "Dear client, I noticed you need help with %s.", "Hi! I can start on the %s work this week.",
        "Hello, I specialise in %s and have a portfolio to match."};

    private static final String[] MIDDLES = {"I would first review the current code and write down the risks.",
        "My plan is a short discovery call, then weekly milestones you can check.",
        "I usually deliver a working prototype within five days and iterate from your feedback.",
        "I keep my commits small and explain each pull request in plain words.",
        "Last year I migrated a shop with forty thousand products without downtime.",
        "I test on real devices and document the edge cases I find.",
        "Accessibility and performance budgets are part of my definition of done.",
        "I can overlap four hours a day with your time zone for meetings.",
        "I have read the attached specification and have two questions about the scope.",
        "My last three clients left detailed reviews on my profile."};

    private static final String[] CLOSERS = {"Looking forward to hearing from you.", "Happy to answer any questions.",
        "Thank you for considering my proposal.", "Best regards.", "Let me know which milestone matters most to you.",
        "Kind regards and have a nice week."};

    private static final String[] PROJECTS = {"online shop", "booking system", "mobile banking prototype", "school portal",
        "restaurant menu app", "fitness tracker", "invoice generator", "real-estate listing site", "CRM migration",
        "warehouse dashboard", "podcast website", "charity donation page", "travel blog", "recipe app", "parking sensor firmware",
        "customer survey tool", "HR onboarding flow", "event ticketing", "dental clinic website", "language-learning game"};

    /** A line about the client's own project: every bid answers a particular brief. */
    static String project(Random random) {
        return "About your " + PROJECTS[random.nextInt(PROJECTS.length)] + ":";
    }

    /** Bids anybody might write: two workers sending them are not one operation (PL-04 must need more text). */
    static final String[] SHORT_BIDS = {"I can do this job.", "Hello, I can do this.", "Interested, please check my profile.",
        "I can do this job. Thanks!"};

    private static final String[] DID = {"rebuilt", "migrated", "sped up", "redesigned", "automated", "documented",
        "secured", "translated", "tested", "launched", "refactored", "scaled"};
    private static final String[] WHAT = {"a ticket shop", "a clinic's booking flow", "a bakery's online orders",
        "a logistics dashboard", "a university's course catalogue", "a museum's audio guide", "a football club's app",
        "a recruiting portal", "a solar installer's quote tool", "a chess training site", "a city's bike map",
        "a wine importer's stock system"};
    private static final String[] HOW = {"in three weeks", "without downtime", "with the client's own team",
        "on a tight budget", "for five countries", "with full test coverage", "after two failed attempts by others",
        "while keeping the old API alive", "for screen-reader users", "with weekly demos"};

    /** A sentence of the worker's own experience: 1,440 combinations, so two workers rarely share one. */
    private static String experience(Random random) {
        return "Recently I " + DID[random.nextInt(DID.length)] + " " + WHAT[random.nextInt(WHAT.length)] + " "
                + HOW[random.nextInt(HOW.length)] + ".";
    }

    /**
     * Each worker's own bids: an opener and a closer around the worker's own skill, one of many stock sentences, and
     * two sentences of the worker's own experience (people write their bids themselves; stock sentences shared by
     * two accounts' whole bids would be a template, PL-04's pattern).
     */
    static String[] bids(Random random, String worker) {
        String skill = SKILLS[Math.floorMod(worker.hashCode(), SKILLS.length)];
        String[] bids = new String[4];
        for (int i = 0; i < bids.length; i++) {
            bids[i] = OPENERS[random.nextInt(OPENERS.length)].formatted(skill) + " " + MIDDLES[random.nextInt(MIDDLES.length)] + " "
                    + experience(random) + " " + experience(random) + " I have " + (2 + random.nextInt(14)) + " years of experience and "
                    + (5 + random.nextInt(200)) + " finished jobs; my portfolio is at portfolio.example/" + worker + ". "
                    + CLOSERS[random.nextInt(CLOSERS.length)];
        }
        return bids;
    }

    static String bio(Random random, QualityPopulation.Worker w) {
        return w.name().given() + " from " + w.region().city() + ". " + SKILLS[random.nextInt(SKILLS.length)] + " and "
                + SKILLS[random.nextInt(SKILLS.length)] + " for " + (2 + random.nextInt(15)) + " years, lately a "
                + PROJECTS[random.nextInt(PROJECTS.length)] + " and a " + PROJECTS[random.nextInt(PROJECTS.length)] + ". "
                + experience(random) + " " + MIDDLES[random.nextInt(MIDDLES.length)] + " Portfolio: portfolio.example/" + w.id() + ".";
    }

    /** What ordinary freelancers write to clients, in several languages. */
    static final String[] ORDINARY = {
        "Thanks, I will send the draft tomorrow morning.",
        "The build is green again; I fixed the flaky test in the checkout flow.",
        "Could you share the staging credentials through the platform's vault, please?",
        "I pushed the changes to the feature branch, please review when you have a moment.",
        "I am off on Friday for a public holiday, I will catch up on Monday.",
        "The invoice for milestone two is in the platform; thank you for the quick approval.",
        "I found the cause of the memory leak: an event listener that was never removed.",
        "Can we move our weekly call to Thursday at 15:00 your time?",
        "The designs look great, I will start on the mobile layout today.",
        "I added the missing translations and updated the README.",
        "Gracias por la respuesta, mañana le envío la versión corregida.",
        "Ya subí los cambios al repositorio, quedo atento a sus comentarios.",
        "Dziękuję, poprawki wyślę jutro rano.",
        "Дякую, надішлю оновлену версію завтра.",
        "Спасибо, я отправлю исправления сегодня вечером.",
        "Obrigado! Vou terminar os testes amanhã.",
        "Cảm ơn anh, em sẽ gửi bản sửa vào ngày mai.",
        "谢谢，我明天上午把修改好的版本发给您。",
        "감사합니다. 내일 오전까지 수정본을 보내드리겠습니다.",
        "ありがとうございます。明日までに修正版をお送りします。",
        "Danke, ich schicke Ihnen morgen die überarbeitete Fassung.",
        "شكرا، سأرسل النسخة المعدلة غدا.",
        "Salamat po, ipapadala ko bukas ang bagong bersyon.",
        "Dhanyavaad, main kal tak changes bhej dunga.",
    };

    /** Technical talk that careless patterns take for requests (crypto…, "signal", "share your"). */
    static final String[] TECH = {
        "I pushed the cryptography module and the signal processing fix; share your ideas on the API in the ticket.",
        "The crypto library we use for hashing passwords is outdated, I suggest upgrading to the maintained fork.",
        "Please share your screen in tomorrow's call so we can look at the signal strength chart together.",
        "I wrote a Telegram bot for your shop's order notifications as we discussed in the spec.",
        "The WhatsApp Business API integration is done; messages to customers now go out through your account.",
        "Can you share your feedback on the blockchain explorer mockups in the project thread?",
        "I use Signal's libsignal documentation as a reference for the end-to-end encryption design.",
        "Our Discord community widget now shows the member count; the client asked for it in the brief.",
        "The payment page accepts cards and PayPal; crypto payments are out of scope as you said.",
        "I can use my own test account on the sandbox to reproduce the checkout bug.",
    };

    /** A client who would rather talk elsewhere (the worker's reply is in {@link #ORDINARY}). */
    static final String[] CLIENT_OFF_PLATFORM = {
        "Can we continue on WhatsApp? It is easier for me on the phone.",
        "Add me on Skype so we can talk faster, my id is in my profile.",
        "Let's move this to Telegram, I am there all day.",
    };

    static final String[] CLIENT = {
        "Hi, how is the work going?", "Could you send an update before Friday?", "Thanks for the quick fix!",
        "Can you estimate the next milestone?", "The client liked the demo.", "Please check the new requirements.",
    };

    /** The advisory's requests as a pattern worker writes them, in several languages. */
    static final String[] ASKS = {
        "Let's continue on Telegram @devfast_77, it is faster for me.",
        "Please add me on WhatsApp +1 555 0100 so we can talk directly.",
        "Can you pay me in USDT? My bank is blocked this month.",
        "Could I use your Upwork account for a few contracts? I will share the money with you.",
        "Пишите мне в телеграм, там быстрее.",
        "请加我微信，我们在平台外联系。",
        "텔레그램으로 연락 주세요.",
        "Hãy liên hệ qua Telegram với tôi.",
        "Escríbeme por WhatsApp, por favor.",
    };

    static String[] ordinaryMessages(Random random) {
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            mine.add(ORDINARY[random.nextInt(ORDINARY.length)]);
        }
        return mine.toArray(String[]::new);
    }

    static String[] techTalk(Random random) {
        List<String> mine = new ArrayList<>(List.of(ordinaryMessages(random)));
        for (int i = 0; i < 4; i++) {
            mine.add(TECH[random.nextInt(TECH.length)]);
        }
        return mine.toArray(String[]::new);
    }

    static String[] offPlatformAsks(Random random) {
        List<String> mine = new ArrayList<>(List.of(ordinaryMessages(random)));
        for (int i = 0; i < 3; i++) {
            mine.add(ASKS[random.nextInt(ASKS.length)]);
        }
        return mine.toArray(String[]::new);
    }
}
