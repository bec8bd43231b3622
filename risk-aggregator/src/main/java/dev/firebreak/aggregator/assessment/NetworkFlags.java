package dev.firebreak.aggregator.assessment;

import dev.firebreak.aggregator.network.Link;
import dev.firebreak.aggregator.network.LinkGraph;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What NW-01 and NW-02 find in a worker's network, as plain values: no JSON (see {@link Explanations}), no
 * configuration, no database. The tiers of linked workers come from {@code baseTier}: their tiers without network
 * flags (RED-FLAGS.md: NW-01 derives from tiers computed without it), null when unknown.
 */
final class NetworkFlags {

    /** How far the network is walked: at most this many linked workers, nearest first. */
    static final int NETWORK_LIMIT = 200;
    /**
     * NW-01 computes the tier of at most this many of them, nearest first: each costs that worker's own evidence, and
     * a flagged worker further away than fifty others is not what NW-01 is about.
     */
    static final int NETWORK_EVALUATED = 50;

    private NetworkFlags() {
    }

    /** A linked worker HIGH_RISK or above without network flags, and how many steps away. */
    record Flagged(String worker, Tier tier, int hops) {
    }

    /**
     * NW-01's finding: the nearest flagged linked worker, the chain of links to it, and (when every one was looked
     * for) all flagged ones among the nearest {@link #NETWORK_EVALUATED}.
     */
    record LinkedToFlagged(Flagged nearest, List<Link> path, List<Flagged> flagged) {

        /** 0.9 one step away, 0.1 less per further step, at least 0.5. */
        double confidence() {
            return Math.max(0.5, 0.9 - 0.1 * (path.size() - 1));
        }

        /** Since when the whole chain exists. */
        Instant since() {
            return path.stream().map(Link::since).reduce(Instant.MIN, FlagState::max);
        }
    }

    /**
     * NW-01 from the worker's walk ({@code reached}, nearest first): the nearest linked worker whose tier without
     * network flags is HIGH_RISK or above. With {@code all}, every flagged one is listed; without, the first decides.
     */
    static Optional<LinkedToFlagged> linkedToFlagged(String workerId, Map<String, Link> reached,
                                                     Function<String, Tier> baseTier, boolean all) {
        List<Flagged> flagged = new ArrayList<>();
        int evaluated = 0;
        for (String other : reached.keySet()) {
            if (other.equals(workerId)) {
                continue;
            }
            if (++evaluated > NETWORK_EVALUATED) {
                break;
            }
            Tier tier = baseTier.apply(other);
            if (tier == null || tier.compareTo(Tier.HIGH_RISK) < 0) {
                continue;
            }
            flagged.add(new Flagged(other, tier, LinkGraph.path(reached, other).size()));
            if (!all) {
                break;
            }
        }
        if (flagged.isEmpty()) {
            return Optional.empty();
        }
        Flagged nearest = flagged.getFirst();
        return Optional.of(new LinkedToFlagged(nearest, LinkGraph.path(reached, nearest.worker()), List.copyOf(flagged)));
    }

    /** Every source that saw the identifiers two consecutive workers of the path share. */
    static Set<String> sources(List<Link> path, Function<String, List<Link>> linksOf) {
        Set<String> sources = new TreeSet<>();
        for (Link link : path) {
            for (Link l : linksOf.apply(link.from())) {
                if (l.to().equals(link.to())) {
                    sources.add(l.fromSource());
                    sources.add(l.toSource());
                }
            }
            sources.add(link.fromSource());
            sources.add(link.toSource());
        }
        return sources;
    }

    /** A member of the worker's referral chain: the referral they share, what else they share, its tier. */
    record ReferralMember(Link referral, List<String> alsoShares, Tier tier) {
    }

    /**
     * NW-02: the workers the worker referred or was referred by (a shared REFERRAL) who also share another identifier
     * with it or carry active flags of their own ({@code baseTier} not CLEAR).
     */
    static List<ReferralMember> referralChain(List<Link> direct, Function<String, Tier> baseTier) {
        List<ReferralMember> members = new ArrayList<>();
        for (Link referral : direct.stream().filter(l -> l.type().equals("REFERRAL")).toList()) {
            List<String> shared = direct.stream().filter(l -> l.to().equals(referral.to()) && !l.type().equals("REFERRAL"))
                    .map(Link::type).distinct().toList();
            Tier tier = baseTier.apply(referral.to());
            boolean flagged = tier != null && tier != Tier.CLEAR;
            if (!shared.isEmpty() || flagged) {
                members.add(new ReferralMember(referral, shared, tier));
            }
        }
        return members;
    }
}
