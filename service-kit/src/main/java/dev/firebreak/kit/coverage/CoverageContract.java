package dev.firebreak.kit.coverage;

import java.util.List;

/**
 * What a service takes in, for its coverage answer: each kind of input (a platform event type, a document, a
 * transfer), what the input itself feeds, and its fields with what each feeds. A service that has one provides it as
 * a CDI bean; the kit's {@code GET /api/v1/coverage} reads it.
 */
public interface CoverageContract {

    /** One kind of input. {@code feeds} are the detector codes the input feeds by itself. */
    record Input(String kind, String description, List<String> feeds, List<Field> fields) {
    }

    /** One field of an input: whether the contract requires it, and the detector codes it feeds. */
    record Field(String name, boolean required, List<String> feeds, String description) {
    }

    List<Input> inputs();
}
