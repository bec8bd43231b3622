package dev.firebreak.aggregator.network;

/** A worker's cluster: its id and how many workers it has. */
public record Cluster(String id, int size) {
}
