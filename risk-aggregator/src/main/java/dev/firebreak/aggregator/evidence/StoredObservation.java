package dev.firebreak.aggregator.evidence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An observation ("subject used identifier at time"), stored once per {@code observationId}. */
@Entity
@Table(name = "observation")
public class StoredObservation extends SubjectEvidence {

    @Id
    @Column(name = "observation_id")
    public UUID observationId;

    @Column(nullable = false)
    public String type;

    @Column(nullable = false)
    public String value;
}
