package dev.firebreak.aggregator.assessment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firebreak.aggregator.network.Link;
import dev.firebreak.aggregator.network.Links;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The evidence of the network flags as an analyst reads it: JSON built from {@link NetworkFlags}' findings. */
final class Explanations {

    /** Why sharing an identifier of each linking type counts (weak ones never link: network/Links). */
    private static final Map<String, String> WHY = Map.of(
            "DEVICE", "one device is used by both: one person, or one operation's laptop",
            "DOCUMENT", "the same identity document is used by both",
            "PHOTO", "the same face is on both workers' documents or profiles",
            "PAYMENT_ACCOUNT", "both are paid into one account",
            "WALLET", "both are paid into one wallet",
            "PHONE", "both give one phone number",
            "EMAIL", "both give one email address",
            "REFERRAL", "one recommended the other to the same firm");

    private Explanations() {
    }

    /** NW-01: the chain of shared identifiers to the nearest flagged worker, and every flagged one. */
    static ObjectNode linkedToFlagged(ObjectMapper json, NetworkFlags.LinkedToFlagged found,
                                      Function<String, List<Link>> linksOf) {
        ObjectNode evidence = json.createObjectNode();
        NetworkFlags.Flagged nearest = found.nearest();
        List<Link> path = found.path();
        evidence.put("kind", "LINKED_TO_FLAGGED_WORKER");
        evidence.put("linkedWorker", nearest.worker());
        evidence.put("linkedWorkerTier", nearest.tier().name());
        evidence.put("hops", path.size());
        ArrayNode steps = evidence.putArray("path");
        for (Link link : path) {
            ObjectNode step = steps.addObject();
            step.put("from", link.from());
            step.put("to", link.to());
            step.put("identifierType", link.type());
            step.put("identifier", link.value());
            step.put("strength", Links.strength(link.type()));
            step.put("why", WHY.getOrDefault(link.type(), "they share it"));
            step.putArray("seenBy").add(link.fromSource()).add(link.toSource());
            step.put("since", link.since().toString());
            // every identifier the two share, not only the one the path went through
            ArrayNode shared = step.putArray("shared");
            for (Link l : linksOf.apply(link.from())) {
                if (l.to().equals(link.to())) {
                    shared.addObject().put("identifierType", l.type()).put("identifier", l.value())
                            .put("since", l.since().toString());
                }
            }
        }
        ArrayNode flagged = evidence.putArray("flaggedLinkedWorkers");
        for (NetworkFlags.Flagged f : found.flagged()) {
            flagged.addObject().put("worker", f.worker()).put("tier", f.tier().name()).put("hops", f.hops());
        }
        evidence.put("explanation", "linked to " + nearest.worker() + " (" + nearest.tier().name()
                + " without network flags) in " + path.size() + " step(s): " + String.join(" → ", path.stream()
                .map(l -> l.from() + " shares " + l.type() + " with " + l.to() + " (" + WHY.getOrDefault(l.type(), "shared") + ")").toList())
                + (found.flagged().size() > 1 ? "; " + found.flagged().size() + " linked workers are HIGH_RISK or above" : ""));
        return evidence;
    }

    /** NW-02: the members of the referral chain and what each also shares. */
    static ObjectNode referralChain(ObjectMapper json, List<NetworkFlags.ReferralMember> members) {
        ObjectNode evidence = json.createObjectNode();
        evidence.put("kind", "REFERRAL_CHAIN");
        ArrayNode chain = evidence.putArray("members");
        for (NetworkFlags.ReferralMember m : members) {
            ObjectNode member = chain.addObject();
            member.put("worker", m.referral().to());
            member.put("referral", m.referral().value());
            member.set("alsoShares", json.valueToTree(m.alsoShares()));
            member.put("tier", m.tier() == null ? null : m.tier().name());
        }
        evidence.put("explanation", "in a referral chain with " + members.size()
                + " worker(s) who also share identifiers with this worker or carry flags");
        return evidence;
    }
}
