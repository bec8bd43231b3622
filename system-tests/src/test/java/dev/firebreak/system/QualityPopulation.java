package dev.firebreak.system;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A freelance platform that also pays its workers, generated with ground truth for {@code DetectionQualityIT}: ordinary
 * workers of sixteen regions living the everyday lives that careless detectors mistake for red flags (travellers,
 * commercial and corporate VPN users, coworking spaces, night shifts with declared hours, agencies paying many
 * contractors, clients hiring several freelancers a week, payouts to their home country or through EMIs, their own
 * limited companies, refunds, short bids, technical talk, clients who ask to move off the platform) and workers
 * following the advisory's patterns (case studies 1 and 2, laptop farms, proxies behind VPNs, rented identities,
 * payment routing). Every call is one a tenant makes to the four public APIs; {@link #items()} gives them in time
 * order. Deterministic for a seed; every id, device and address starts with or derives from the run's prefix and
 * address block, so runs on one stack never share anything.
 */
final class QualityPopulation {

    /** What an ordinary worker does that a careless detector flags; {@code PLAIN} for nothing in particular. */
    enum Ordinary {
        PLAIN, TRAVELLER, VPN_USER, CORPORATE_VPN, COWORKING, NIGHT_SHIFT, AGENCY_CONTRACTOR, BUSY_CLIENT, EMI_PAYOUT,
        OWN_COMPANY, REFUND, CROWN_DEPENDENCY_PHONE, SHORT_BIDS, TECH_TALK, CLIENT_ASKS_OFF_PLATFORM
    }

    /** The advisory's patterns. */
    enum Pattern { CASE_STUDY_1, CASE_STUDY_2, LAPTOP_FARM, PROXY_VPN, RENTED_IDENTITY, PAYMENT_ROUTING }

    /** One worker and its ground truth: {@code label} is an {@link Ordinary} or a {@link Pattern} name. */
    record Worker(String id, Region region, Region.Name name, boolean dprk, String label) {
    }

    /** One call: a single body, or one element of a batch endpoint (events, transfers) sent with its neighbours. */
    record Item(Instant at, long seq, String module, String path, Object body, boolean batch) {
    }

    static final String PLATFORM = "platform-signals-service";
    static final String IDENTITY = "identity-service";
    static final String PAYMENTS = "payments-service";

    /** Exits of one commercial VPN provider (the local stack's demo VPN range), shared by all its customers. */
    private static final int VPN_EXITS = 12;

    private final String run;
    private final Random random;
    private final Instant t0;
    private final int days;
    private final int ipBase;
    private final List<Worker> workers = new ArrayList<>();
    private final List<Item> items = new ArrayList<>();
    private final List<Client> clients = new ArrayList<>();
    private long seq;
    private int ips;

    private record Client(String partyId, String name, Map<String, Object> account, String currency) {
    }

    /** How a worker lives: where from, when, on what. */
    private static final class Life {
        Worker worker;
        String account;
        String device;
        ZoneId zone;
        int startHour = 9;
        String workingHours;
        String declaredCountry;
        ZoneId declaredZone;
        List<String> homeIps = new ArrayList<>();
        List<String> awayIps = new ArrayList<>();
        int awayFrom = -1;
        int awayTo = -1;
        boolean vpn;
        /** Days on which the account is kept logged in around the clock: no logout ends its sessions. */
        int keptFrom = -1;
        int keptTo = -1;
        int created;
        String party;
        Map<String, Object> payout;
        String payoutHolder;
        String phone;
        String email;
        double bidsPerDay = 0.4;
        String[] bids;
        String[] messages;
    }

    /**
     * @param ipBlock which block of 16,384 addresses of 198.18.0.0/15 this run's own IPs come from (0–7)
     */
    QualityPopulation(String run, long seed, Instant t0, int days, int ipBlock) {
        this.run = run;
        this.random = new Random(seed);
        this.t0 = t0;
        this.days = days;
        this.ipBase = ipBlock * 16_384;
    }

    List<Worker> workers() {
        return workers;
    }

    /** Every call in time order (ties in the order generated), up to the end of the period (what follows is future). */
    List<Item> items() {
        Instant end = t0.plus(Duration.ofDays(days));
        List<Item> sorted = new ArrayList<>(items.stream().filter(i -> i.at().isBefore(end)).toList());
        sorted.sort(Comparator.comparing(Item::at).thenComparingLong(Item::seq));
        return sorted;
    }

    /** {@code ordinary} ordinary workers and about a fifth as many following the patterns (whole groups). */
    QualityPopulation generate(int ordinary, int dprk) {
        for (int i = 0; i < Math.max(60, ordinary / 2); i++) {
            Region r = Region.ALL.get(i % 3 == 0 ? 1 : i % 3 == 1 ? 0 : 15); // clients in the US, UK, Germany
            clients.add(new Client(run + "-client-" + i, r.name(random).full(), r.account(random), r.currency()));
        }
        generateOrdinary(ordinary);
        generateDprk(dprk);
        return this;
    }

    // ---------------------------------------------------------------- ordinary workers

    private void generateOrdinary(int count) {
        Ordinary[] cases = Ordinary.values();
        int i = 0;
        int groups = 0;
        while (i < count) {
            // every other group plain, the others each hard case in turn
            Ordinary kind = groups % 2 == 0 ? Ordinary.PLAIN : cases[1 + (groups / 2) % (cases.length - 1)];
            groups++;
            int group = switch (kind) {
                case COWORKING -> 5;
                case CORPORATE_VPN -> 6;
                case AGENCY_CONTRACTOR -> 8;
                case BUSY_CLIENT, PLAIN -> 4;
                default -> 3; // independent people, three of each case in turn
            };
            group = Math.min(group, count - i);
            List<Life> lives = new ArrayList<>();
            for (int k = 0; k < group; k++, i++) {
                Region region = Region.ALL.get(i % Region.ALL.size());
                Worker w = new Worker(run + "-w" + i, region, region.name(random), false, kind.name());
                workers.add(w);
                Life l = life(w);
                // an established platform: ordinary workers joined it months or years before the weeks measured
                l.created = -(30 + random.nextInt(700));
                lives.add(l);
            }
            ordinary(kind, lives);
        }
    }

    private Life life(Worker w) {
        Life l = new Life();
        l.worker = w;
        l.account = w.id() + "-acct";
        l.device = w.id() + "-laptop";
        l.zone = ZoneId.of(w.region().zone());
        l.declaredZone = l.zone;
        l.declaredCountry = w.region().code();
        l.startHour = 8 + random.nextInt(3);
        l.homeIps.add(ip());
        l.created = random.nextInt(3);
        l.party = w.id() + "-party";
        l.payout = w.region().account(random);
        l.payoutHolder = w.name().full();
        l.phone = w.region().phone(workers.size());
        l.email = Region.mrz(w.name().given()).replace("<", "").toLowerCase(Locale.ROOT) + "."
                + Region.mrz(w.name().family()).replace("<", "").toLowerCase(Locale.ROOT) + "." + w.id().replace('-', '.')
                + "@example.com";
        l.bids = Texts.bids(random, w.id());
        l.messages = Texts.ordinaryMessages(random);
        return l;
    }

    private void ordinary(Ordinary kind, List<Life> lives) {
        switch (kind) {
            case TRAVELLER -> lives.forEach(l -> {
                l.awayFrom = 8 + random.nextInt(8);
                l.awayTo = l.awayFrom + 7;
                l.awayIps.add(ip());
                l.awayIps.add(ip()); // a hotel, then a café
            });
            case VPN_USER -> lives.forEach(l -> {
                l.vpn = true;
                l.homeIps.clear();
            });
            case CORPORATE_VPN, COWORKING -> {
                String office = ip();
                for (Life l : lives) {
                    l.homeIps.clear();
                    l.homeIps.add(office); // each joined the platform on their own day, from the office or not
                }
            }
            case NIGHT_SHIFT -> lives.forEach(l -> {
                l.startHour = 22;
                l.workingHours = "22:00-07:00";
            });
            case EMI_PAYOUT -> lives.forEach(l -> l.payout = Region.emiIban(random));
            case OWN_COMPANY -> lives.forEach(l -> l.payoutHolder = l.worker.name().family() + " "
                    + (l.worker.region().code().equals("PL") ? "Software Sp. z o.o." : "Consulting Ltd"));
            case CROWN_DEPENDENCY_PHONE -> lives.forEach(l -> {
                // a Guernsey mobile, one per worker
                l.phone = "+447781" + String.format(Locale.ROOT, "%06d", 100_000 + workers.indexOf(l.worker));
            });
            case SHORT_BIDS -> lives.forEach(l -> l.bids = Texts.SHORT_BIDS);
            case TECH_TALK -> lives.forEach(l -> l.messages = Texts.techTalk(random));
            default -> { }
        }
        for (Life l : lives) {
            if (kind == Ordinary.CROWN_DEPENDENCY_PHONE && !l.worker.region().code().equals("GB")) {
                l.phone = l.worker.region().phone(workers.indexOf(l.worker)); // the case is the UK profile's
            }
            onboard(l);
            everyday(l, kind);
        }
        if (kind == Ordinary.AGENCY_CONTRACTOR) {
            agencyPayroll(lives);
        }
        if (kind == Ordinary.BUSY_CLIENT) {
            busyClient(lives);
        }
    }

    /** Account, profiles, a valid passport of the worker's country, a payout account in the worker's name. */
    private void onboard(Life l) {
        Worker w = l.worker;
        Instant created = local(l, l.created, 10, 0);
        Map<String, Object> account = event(l, "ACCOUNT_CREATED", created, l.homeIps.isEmpty() ? vpnExit() : l.homeIps.getFirst(), l.device);
        account.put("declaredCountry", l.declaredCountry);
        account.put("declaredTimezone", l.declaredZone.getId());
        if (l.workingHours != null) {
            account.put("declaredWorkingHours", l.workingHours);
        }
        Map<String, Object> signup = profile(w, "marketplace-signup", created.plusSeconds(30), w.name().full());
        signup.put("location", Map.of("country", w.region().code(), "city", w.region().city()));
        signup.put("timezone", l.declaredZone.getId());
        signup.put("email", l.email);
        signup.put("phone", l.phone);
        event(l, "PROFILE_TEXT", created.plus(Duration.ofMinutes(40)), null, null).put("text", Texts.bio(random, w));
        Instant kyc = created.plus(Duration.ofHours(20));
        Map<String, Object> verified = profile(w, "kyc-provider", kyc, w.name().full());
        verified.put("nationality", w.region().code());
        verified.put("location", Map.of("country", w.region().code()));
        add(kyc.plusSeconds(5), IDENTITY, "/api/v1/documents", Map.of("workerId", w.id(), "source", "kyc-provider",
                "documentType", "PASSPORT", "mrz", passport(w.region().alpha3(), w.region().alpha3(), w.name(), true)));
        payoutAccount(w, l.payoutHolder, l.payout, "ACTIVE", created.plus(Duration.ofDays(2)));
    }

    /** Weekdays of logins, heartbeats and logouts; bids, some accepted, paid and rated; messages with clients. */
    private void everyday(Life l, Ordinary kind) {
        for (int day = Math.max(0, l.created); day < days; day++) {
            ZonedDateTime date = t0.atZone(l.zone).plusDays(day);
            if (date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY) {
                continue;
            }
            boolean away = day >= l.awayFrom && day < l.awayTo;
            String ip = l.vpn ? vpnExit() : away ? l.awayIps.get(day % l.awayIps.size()) : l.homeIps.getFirst();
            Instant start = local(l, day, l.startHour, random.nextInt(40));
            event(l, "LOGIN", start, ip, l.device);
            for (int h = 1; h <= 7; h++) {
                event(l, "HEARTBEAT", start.plus(Duration.ofMinutes(60L * h - random.nextInt(10))), null, null);
            }
            if (day < l.keptFrom || day >= l.keptTo) {
                event(l, "LOGOUT", start.plus(Duration.ofHours(8)), null, l.device);
            }
            if (random.nextDouble() < l.bidsPerDay) {
                bid(l, start.plus(Duration.ofMinutes(20 + random.nextInt(200))), kind);
            }
            if (random.nextDouble() < 0.5) {
                conversation(l, start.plus(Duration.ofMinutes(30 + random.nextInt(300))), kind);
            }
        }
    }

    private void bid(Life l, Instant at, Ordinary kind) {
        Map<String, Object> bid = event(l, "BID", at, null, null);
        bid.put("text", l.bids == Texts.SHORT_BIDS ? l.bids[random.nextInt(l.bids.length)]
                : Texts.project(random) + " " + l.bids[random.nextInt(l.bids.length)]);
        bid.put("tags", List.of(Texts.TAGS[random.nextInt(Texts.TAGS.length)]));
        if (random.nextDouble() < 0.3 && kind != Ordinary.AGENCY_CONTRACTOR && kind != Ordinary.BUSY_CLIENT) {
            Client client = clients.get(random.nextInt(clients.size()));
            Instant accepted = at.plus(Duration.ofHours(3 + random.nextInt(30)));
            event(l, "BID_ACCEPTED", accepted, null, null).put("clientId", client.partyId());
            Instant paid = accepted.plus(Duration.ofDays(2 + random.nextInt(4)));
            pay(client.partyId(), client.name(), "CLIENT", client.account(), l, paid, 300 + random.nextInt(2_700), client.currency(), "BANK_TRANSFER");
            if (kind == Ordinary.REFUND) {
                // the client overpaid; the worker sends part back from the same account
                transfer(paid.plus(Duration.ofDays(1)), party(l.party, l.worker.name().full(), "WORKER", l.payout),
                        party(client.partyId(), client.name(), "CLIENT", client.account()), 120, client.currency(),
                        "BANK_TRANSFER", l.worker.id());
            }
            Map<String, Object> rating = event(l, "RATING", paid.plus(Duration.ofDays(1)), null, null);
            rating.put("clientId", client.partyId());
            rating.put("rating", random.nextBoolean() ? 5.0 : 4.5);
        }
    }

    private void conversation(Life l, Instant at, Ordinary kind) {
        Map<String, Object> asked = event(l, "MESSAGE", at, null, null);
        asked.put("direction", "FROM_CLIENT");
        asked.put("text", kind == Ordinary.CLIENT_ASKS_OFF_PLATFORM && random.nextBoolean()
                ? Texts.CLIENT_OFF_PLATFORM[random.nextInt(Texts.CLIENT_OFF_PLATFORM.length)]
                : Texts.CLIENT[random.nextInt(Texts.CLIENT.length)]);
        Map<String, Object> reply = event(l, "MESSAGE", at.plus(Duration.ofMinutes(5 + random.nextInt(180))), null, null);
        reply.put("direction", "TO_CLIENT");
        reply.put("text", l.messages[random.nextInt(l.messages.length)]);
    }

    /** A staffing business pays all its contractors on the same morning, from one account. */
    private void agencyPayroll(List<Life> lives) {
        Region uk = Region.of("GB");
        Map<String, Object> account = uk.account(random);
        String agency = run + "-agency-" + workers.size();
        for (int week = 1; week < days / 7; week++) {
            Instant payday = t0.plus(Duration.ofDays(7L * week)).plus(Duration.ofHours(9));
            for (Life l : lives) {
                pay(agency, "Brightwork Staffing Ltd", "COMPANY", account, l, payday.plusSeconds(lives.indexOf(l) * 40L),
                        900 + random.nextInt(400), "GBP", "BANK_TRANSFER");
            }
        }
    }

    /** A client who hires several freelancers in one week, pays and rates each of them well. */
    private void busyClient(List<Life> lives) {
        Client client = clients.get(random.nextInt(clients.size()));
        Instant week = t0.plus(Duration.ofDays(10));
        for (Life l : lives) {
            Instant accepted = week.plus(Duration.ofHours(random.nextInt(72)));
            event(l, "BID_ACCEPTED", accepted, null, null).put("clientId", client.partyId());
            Instant paid = accepted.plus(Duration.ofDays(2));
            pay(client.partyId(), client.name(), "CLIENT", client.account(), l, paid, 500 + random.nextInt(1_000), client.currency(), "BANK_TRANSFER");
            Map<String, Object> rating = event(l, "RATING", paid.plus(Duration.ofHours(5)), null, null);
            rating.put("clientId", client.partyId());
            rating.put("rating", 5.0);
        }
    }

    // ---------------------------------------------------------------- the advisory's patterns

    private void generateDprk(int count) {
        Pattern[] patterns = Pattern.values();
        int i = 0;
        int n = 0;
        while (i < count) {
            Pattern p = patterns[n++ % patterns.length];
            int group = switch (p) {
                case CASE_STUDY_1, CASE_STUDY_2 -> 3;
                case LAPTOP_FARM -> 4;
                default -> 1;
            };
            List<Life> lives = new ArrayList<>();
            for (int k = 0; k < group; k++, i++) {
                // the identities they pose as are of any region but the DPRK
                Region region = Region.ALL.get(random.nextInt(Region.ALL.size()));
                Worker w = new Worker(run + "-x" + i, region, region.name(random), true, p.name());
                workers.add(w);
                lives.add(life(w));
            }
            switch (p) {
                case CASE_STUDY_1 -> caseStudyOne(lives);
                case CASE_STUDY_2 -> caseStudyTwo(lives);
                case LAPTOP_FARM -> laptopFarm(lives);
                case PROXY_VPN -> proxy(lives.getFirst());
                case RENTED_IDENTITY -> rentedIdentity(lives.getFirst());
                case PAYMENT_ROUTING -> paymentRouting(lives.getFirst());
            }
        }
    }

    /** Case study 1: a false identity, a proxy at interview, a laptop elsewhere, paid into an enabler's account. */
    private void caseStudyOne(List<Life> lives) {
        Region uk = Region.of("GB");
        Map<String, Object> enabler = uk.account(random);
        String enablerName = uk.name(random).full();
        Life lead = lives.getFirst();
        for (Life l : lives) {
            l.payout = enabler;
            l.payoutHolder = enablerName;
        }
        // the lead's passport fails its check digits
        Worker w = lead.worker;
        Instant created = local(lead, lead.created, 10, 0);
        onboardFalse(lead, created);
        add(created.plus(Duration.ofDays(1)), IDENTITY, "/api/v1/attestations",
                Map.of("workerId", w.id(), "kind", "PROXY_INTERVIEWEE", "observedAt", created.plus(Duration.ofDays(1)).toString()));
        add(created.plus(Duration.ofDays(3)), IDENTITY, "/api/v1/shipping-requests", Map.of("workerId", w.id(),
                "observedAt", created.plus(Duration.ofDays(3)).toString(), "address",
                Map.of("country", "GB", "postcode", "M1 4BT", "city", "Manchester"), "cannotReceiveAtIdAddress", true));
        everyday(lead, Ordinary.PLAIN);
        for (Life l : lives.subList(1, lives.size())) {
            l.created = lead.created + 5 + lives.indexOf(l);
            onboard(l);
            event(l, "REFERRAL", local(l, l.created, 10, 1), null, null).put("referrerAccountId", lead.account);
            everyday(l, Ordinary.PLAIN);
            paidByClient(l);
        }
        paidByClient(lead);
    }

    private void onboardFalse(Life l, Instant created) {
        Worker w = l.worker;
        Map<String, Object> account = event(l, "ACCOUNT_CREATED", created, l.homeIps.getFirst(), l.device);
        account.put("declaredCountry", l.declaredCountry);
        account.put("declaredTimezone", l.declaredZone.getId());
        Map<String, Object> signup = profile(w, "marketplace-signup", created.plusSeconds(30), w.name().full());
        signup.put("location", Map.of("country", w.region().code(), "city", w.region().city()));
        signup.put("email", l.email);
        add(created.plus(Duration.ofHours(20)), IDENTITY, "/api/v1/documents", Map.of("workerId", w.id(), "source", "kyc-provider",
                "documentType", "PASSPORT", "mrz", passport(w.region().alpha3(), w.region().alpha3(), w.name(), false)));
        payoutAccount(w, l.payoutHolder, l.payout, "ACTIVE", created.plus(Duration.ofDays(2)));
    }

    private void paidByClient(Life l) {
        Client client = clients.get(random.nextInt(clients.size()));
        pay(client.partyId(), client.name(), "CLIENT", client.account(), l, local(l, Math.min(days - 1, l.created + 12), 15, 0),
                1_500 + random.nextInt(1_000), client.currency(), "BANK_TRANSFER");
    }

    /** Case study 2: a front company collects from several payers and pays individuals in Vietnam, who send to China. */
    private void caseStudyTwo(List<Life> lives) {
        Region uk = Region.of("GB");
        Region vn = Region.of("VN");
        Region cn = Region.of("CN");
        String company = run + "-front-" + workers.size();
        Map<String, Object> companyAccount = uk.account(random);
        Instant start = t0.plus(Duration.ofDays(6));
        for (int k = 0; k < 6; k++) {
            Client client = clients.get(random.nextInt(clients.size()));
            transfer(start.plus(Duration.ofHours(6L * k)), party(client.partyId(), client.name(), "CLIENT", client.account()),
                    party(company, "Lotus Digital Solutions Ltd", "COMPANY", companyAccount), 4_000 + random.nextInt(3_000),
                    client.currency(), "BANK_TRANSFER", null);
        }
        Map<String, Object> china = cn.account(random);
        String chinaParty = run + "-cn-" + workers.size();
        for (Life l : lives) {
            l.payout = vn.account(random);
            onboard(l);
            everyday(l, Ordinary.PLAIN);
            Instant paid = start.plus(Duration.ofDays(2)).plus(Duration.ofHours(lives.indexOf(l)));
            pay(company, "Lotus Digital Solutions Ltd", "COMPANY", companyAccount, l, paid, 2_500, "GBP", "EMI");
            transfer(paid.plus(Duration.ofDays(1)), party(l.party, l.worker.name().full(), "INDIVIDUAL", l.payout),
                    party(chinaParty, cn.name(random).full(), "INDIVIDUAL", china), 2_300, "USD", "BANK_TRANSFER", l.worker.id());
        }
    }

    /** A laptop farm: accounts made together on one residential line, sharing laptops, on around the clock. */
    private void laptopFarm(List<Life> lives) {
        String line = ip();
        int created = random.nextInt(4);
        String[] laptops = {lives.getFirst().worker.id() + "-farm-a", lives.getFirst().worker.id() + "-farm-b"};
        for (Life l : lives) {
            l.homeIps.clear();
            l.homeIps.add(line);
            l.created = created;
            l.device = laptops[lives.indexOf(l) % 2];
            l.declaredCountry = "US";
            l.declaredZone = ZoneId.of("America/New_York");
            l.zone = ZoneId.of("Asia/Seoul"); // they work Pyongyang's day
            l.keptFrom = created + 7;
            l.keptTo = created + 9;
            onboard(l);
            everyday(l, Ordinary.PLAIN);
            // kept logged in around the clock for two days
            Instant from = local(l, created + 7, 0, lives.indexOf(l) * 3);
            for (int m = 0; m <= 26 * 60; m += 20) {
                event(l, "HEARTBEAT", from.plus(Duration.ofMinutes(m)), null, null);
            }
            event(l, "PORT_CHECK", local(l, created + 8, 11, 0), null, null).put("openPorts", List.of(443, 3389));
            // one template for every account of the farm
            event(l, "PROFILE_TEXT", local(l, created, 12, lives.indexOf(l)), null, null).put("text", ("Senior full-stack developer, "
                    + (7 + lives.indexOf(l)) + " years of React, Node.js and AWS. I deliver pixel-perfect interfaces and "
                    + "scalable back ends on time, every time. Available 24/7, fluent English, let's discuss your project today."));
            // a collaborator's client account rates the farm's accounts highly, for work it never gave them
            Map<String, Object> rating = event(l, "RATING", local(l, created + 3, 12, lives.indexOf(l) * 7), null, null);
            rating.put("clientId", lives.getFirst().worker.id() + "-booster");
            rating.put("rating", 5.0);
        }
    }

    /** A worker behind a commercial VPN who works Pyongyang's day while declaring London, and asks for crypto. */
    private void proxy(Life l) {
        l.vpn = true;
        l.homeIps.clear();
        l.declaredCountry = "GB";
        l.declaredZone = ZoneId.of("Europe/London");
        l.zone = ZoneId.of("Asia/Seoul");
        l.messages = Texts.offPlatformAsks(random);
        onboard(l);
        everyday(l, Ordinary.PLAIN);
        Instant asked = local(l, l.created + 9, 14, 0);
        add(asked, PAYMENTS, "/api/v1/payment-requests", Map.of("requestId", l.worker.id() + "-req-1", "workerId",
                l.worker.id(), "workerName", l.worker.name().full(), "kind", "CRYPTO", "observedAt", asked.toString()));
    }

    /** A rented identity: a real person's name and passport, a handler's account, no camera. */
    private void rentedIdentity(Life l) {
        Region handlerRegion = Region.ALL.get(random.nextInt(Region.ALL.size()));
        l.payoutHolder = handlerRegion.name(random).full();
        onboard(l);
        everyday(l, Ordinary.PLAIN);
        paidByClient(l);
        Instant interview = local(l, l.created + 2, 15, 0);
        add(interview, IDENTITY, "/api/v1/attestations", Map.of("workerId", l.worker.id(), "kind", "CAMERA_REFUSED",
                "observedAt", interview.toString()));
    }

    /** Payouts moved from the worker's own account, blocked, to a third party's account in China. */
    private void paymentRouting(Life l) {
        onboard(l);
        everyday(l, Ordinary.PLAIN);
        Instant blocked = local(l, l.created + 8, 12, 0);
        payoutAccount(l.worker, l.payoutHolder, l.payout, "BLOCKED", blocked);
        Region cn = Region.of("CN");
        l.payout = cn.account(random);
        l.payoutHolder = cn.name(random).full();
        payoutAccount(l.worker, l.payoutHolder, l.payout, "ACTIVE", blocked.plus(Duration.ofHours(3)));
        paidByClient(l);
    }

    // ---------------------------------------------------------------- the calls

    private Map<String, Object> event(Life l, String type, Instant at, String ip, String device) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("eventId", l.account + "-" + seq);
        e.put("type", type);
        e.put("accountId", l.account);
        e.put("workerId", l.worker.id());
        e.put("occurredAt", at.toString());
        if (ip != null) {
            e.put("ip", ip);
        }
        if (device != null) {
            e.put("deviceId", device);
        }
        items.add(new Item(at, seq++, PLATFORM, "/api/v1/events", e, true));
        return e;
    }

    private Map<String, Object> profile(Worker w, String source, Instant at, String fullName) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("workerId", w.id());
        p.put("source", source);
        p.put("observedAt", at.toString());
        p.put("fullName", fullName);
        add(at, IDENTITY, "/api/v1/profiles", p);
        return p;
    }

    private void payoutAccount(Worker w, String holder, Map<String, Object> account, String status, Instant at) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("workerId", w.id());
        body.put("workerName", w.name().full());
        body.put("accountHolderName", holder);
        body.put("account", account);
        body.put("provider", "marketplace-payouts");
        body.put("status", status);
        body.put("observedAt", at.toString());
        add(at, PAYMENTS, "/api/v1/payout-accounts", body);
    }

    private void pay(String payer, String payerName, String kind, Map<String, Object> account, Life l, Instant at, int amount,
                     String currency, String method) {
        transfer(at, party(payer, payerName, kind, account), party(l.party, l.worker.name().full(), "WORKER", l.payout),
                amount, currency, method, l.worker.id());
    }

    private static Map<String, Object> party(String id, String name, String kind, Map<String, Object> account) {
        return Map.of("partyId", id, "name", name, "kind", kind, "account", account);
    }

    private void transfer(Instant at, Map<String, Object> payer, Map<String, Object> payee, int amount, String currency,
                          String method, String workerId) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("transferId", run + "-t" + seq);
        t.put("occurredAt", at.toString());
        t.put("payer", payer);
        t.put("payee", payee);
        t.put("amount", amount);
        t.put("currency", currency);
        t.put("method", method);
        if (workerId != null) {
            t.put("workerId", workerId);
        }
        items.add(new Item(at, seq++, PAYMENTS, "/api/v1/transfers", t, true));
    }

    private void add(Instant at, String module, String path, Object body) {
        items.add(new Item(at, seq++, module, path, body, false));
    }

    /** A TD3 passport with correct check digits (or one wrong, for a forgery), a number of its own. */
    private List<String> passport(String state, String nationality, Region.Name name, boolean valid) {
        String number = String.format(Locale.ROOT, "%c%08d", (char) ('A' + random.nextInt(26)), random.nextInt(100_000_000));
        String dob = String.format(Locale.ROOT, "%02d%02d%02d", 70 + random.nextInt(30), 1 + random.nextInt(12), 1 + random.nextInt(28));
        String line1 = Documents.pad("P<" + state + Region.mrz(name.family()) + "<<" + Region.mrz(name.given()), 44);
        String expiry = "3" + (random.nextInt(3)) + String.format(Locale.ROOT, "%02d%02d", 1 + random.nextInt(12), 1 + random.nextInt(28));
        String sex = random.nextBoolean() ? "F" : "M";
        char numberDigit = Documents.digit(number);
        if (!valid) {
            numberDigit = (char) ('0' + (numberDigit - '0' + 3) % 10);
        }
        String upper = number + numberDigit + nationality + dob + Documents.digit(dob) + sex + expiry + Documents.digit(expiry)
                + "<".repeat(14) + "<";
        String composite = upper.substring(0, 10) + upper.substring(13, 20) + upper.substring(21, 43);
        return List.of(line1, upper + Documents.digit(composite));
    }

    private Instant local(Life l, int day, int hour, int minute) {
        return t0.atZone(l.zone).plusDays(day).with(LocalTime.of(hour % 24, minute % 60)).toInstant();
    }

    private String ip() {
        int n = ipBase + ips++;
        return "198." + (18 + n / 65_536) + "." + (n / 256 % 256) + "." + (n % 256);
    }

    private String vpnExit() {
        return "192.0.2." + (10 + random.nextInt(VPN_EXITS));
    }
}
