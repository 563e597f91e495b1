package io.trainyard.dataset;

import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.MappedProperty;

/** Which version of which dataset: the primary key of {@code dataset_version}. */
@Embeddable
public record DatasetVersionKey(@MappedProperty("name") String name, @MappedProperty("version") int version) {}
