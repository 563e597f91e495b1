package io.trainyard.tabular;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.TreeMap;
import org.tribuo.classification.LabelFactory;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Tribuo provenance without what changes from one training to the next. Tribuo serializes into the
 * model file when it was trained, when its data source was made, and the JVM, OS and CPU
 * architecture it ran on; with those, equal data, parameters and seed would give model files of
 * different bytes. Those facts belong to the run's record (the registry keeps when, where and on
 * which image a step ran); the model keeps what made it: its data by digest, the trainer with its
 * settings and seed, and Tribuo's version.
 */
final class StableProvenance {

  /** Stands for both of Tribuo's times: the Unix epoch, meaning "not recorded in the model". */
  static final OffsetDateTime UNRECORDED = OffsetDateTime.ofInstant(Instant.EPOCH, ZoneOffset.UTC);

  private static final boolean NO_SYSTEM_INFO = false;

  private StableProvenance() {}

  /** A data source described by {@code description}, which should name its content, not its place. */
  static SimpleDataSourceProvenance dataSource(String description) {
    return new SimpleDataSourceProvenance(description, UNRECORDED, new LabelFactory());
  }

  /** {@code trained} without its training time and without the JVM, OS and architecture. */
  static ModelProvenance model(ModelProvenance trained) {
    return new ModelProvenance(
        trained.getClassName(),
        UNRECORDED,
        trained.getDatasetProvenance(),
        trained.getTrainerProvenance(),
        new TreeMap<String, Provenance>(trained.getInstanceProvenance().getMap()),
        NO_SYSTEM_INFO);
  }
}
