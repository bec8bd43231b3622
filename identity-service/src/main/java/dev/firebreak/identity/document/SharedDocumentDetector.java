package dev.firebreak.identity.document;

import dev.firebreak.identity.nexus.Finding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * ID-08, the same or similar documentation on several accounts: the same document (issuing state and number,
 * compared as keyed hashes) or a near-identical photo (64-bit perceptual hashes within a Hamming distance) used
 * by different workers of one tenant. One finding per worker involved, all naming the others.
 */
public final class SharedDocumentDetector {

    public static final String CODE = "ID-08";
    public static final String DETECTOR = "shared-document";

    private final int maxPhotoDistance;

    public SharedDocumentDetector(int maxPhotoDistance) {
        this.maxPhotoDistance = maxPhotoDistance;
    }

    /** Another worker's document as stored. */
    public record Other(String workerId, String documentHash, Long photoHash) {
    }

    /** A finding about one worker of the group. */
    public record Subjected(String workerId, Finding finding) {
    }

    public List<Subjected> inspect(String workerId, String documentHash, Long photoHash, List<Other> others) {
        Set<String> sameDocument = new TreeSet<>();
        Map<String, Integer> similarPhoto = new LinkedHashMap<>();
        for (Other other : others) {
            if (other.workerId().equals(workerId)) {
                continue;
            }
            if (other.documentHash().equals(documentHash)) {
                sameDocument.add(other.workerId());
            }
            if (photoHash != null && other.photoHash() != null) {
                int distance = Long.bitCount(photoHash ^ other.photoHash());
                if (distance <= maxPhotoDistance) {
                    similarPhoto.merge(other.workerId(), distance, Math::min);
                }
            }
        }
        List<Subjected> findings = new ArrayList<>();
        if (!sameDocument.isEmpty()) {
            findings.addAll(group(workerId, sameDocument, "SAME_DOCUMENT", "document:" + documentHash, 0.95,
                    "the same document (issuing state and number) is used by " + (sameDocument.size() + 1) + " workers",
                    documentHash));
        }
        if (!similarPhoto.isEmpty()) {
            int closest = similarPhoto.values().stream().min(Integer::compare).orElseThrow();
            findings.addAll(group(workerId, new TreeSet<>(similarPhoto.keySet()), "SIMILAR_PHOTO",
                    "photo:" + Long.toHexString(photoHash), closest == 0 ? 0.9 : 0.75,
                    "document photos within Hamming distance " + closest + " of " + maxPhotoDistance
                            + " (64-bit perceptual hashes) belong to " + (similarPhoto.size() + 1) + " workers",
                    Long.toHexString(photoHash)));
        }
        return findings;
    }

    private static List<Subjected> group(String workerId, Set<String> others, String kind, String origin,
                                         double confidence, String explanation, String identifier) {
        Set<String> members = new TreeSet<>(others);
        members.add(workerId);
        List<String> triggering = List.of(origin, "workers:" + String.join(",", members));
        List<Subjected> findings = new ArrayList<>();
        for (String member : members) {
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("kind", kind);
            evidence.put("sharedWith", members.stream().filter(m -> !m.equals(member)).toList());
            evidence.put("explanation", explanation);
            findings.add(new Subjected(member, new Finding(CODE, DETECTOR, confidence, evidence, triggering,
                    List.of(identifier))));
        }
        return findings;
    }
}
