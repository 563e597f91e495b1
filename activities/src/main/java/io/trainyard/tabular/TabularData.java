package io.trainyard.tabular;

import io.trainyard.artifact.ArtifactStore;
import io.trainyard.step.InvalidStepInput;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

/**
 * A numeric table with one label column, as read from a CSV file with a header row. Cells are
 * plain numbers or label words (no quoting), which is what the tabular builtins write and read.
 */
public record TabularData(String label, List<String> features, List<double[]> rows, List<String> labels) {

  private static final char LINE_END = '\n';

  public TabularData {
    features = List.copyOf(features);
    rows = List.copyOf(rows);
    labels = List.copyOf(labels);
  }

  /** Read a CSV file whose header names the columns; {@code label} is the label column. */
  public static TabularData read(Path csv, String label) throws IOException {
    try (BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      String header = reader.readLine();
      if (header == null) {
        throw new InvalidStepInput(csv + " is empty: expected a header row");
      }
      List<String> columns = List.of(header.trim().split(",", -1));
      int labelIndex = columns.indexOf(label);
      if (labelIndex < 0) {
        // the header is data too (whatever file the input named): its size, never its text
        throw new InvalidStepInput(
            csv + " has no label column '" + label + "' (its header has " + columns.size() + " column"
                + (columns.size() == 1 ? "" : "s") + ")");
      }
      List<String> features = new ArrayList<>(columns);
      features.remove(labelIndex);
      List<double[]> rows = new ArrayList<>();
      List<String> labels = new ArrayList<>();
      String line;
      int lineNumber = 1;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        String[] cells = line.trim().split(",", -1);
        if (cells.length != columns.size()) {
          throw new InvalidStepInput(
              csv + " line " + lineNumber + ": expected " + columns.size() + " cells, found " + cells.length);
        }
        double[] row = new double[features.size()];
        for (int c = 0, f = 0; c < cells.length; c++) {
          if (c == labelIndex) {
            continue;
          }
          row[f++] = parse(cells[c], csv, lineNumber, c + 1);
        }
        rows.add(row);
        labels.add(cells[labelIndex]);
      }
      return new TabularData(label, features, rows, labels);
    }
  }

  private static double parse(String cell, Path csv, int line, int column) {
    try {
      return Double.parseDouble(cell);
    } catch (NumberFormatException e) {
      throw new InvalidStepInput(
          csv + " line " + line + ", column " + column + ": expected a number");
    }
  }

  /** The number of rows. */
  public int size() {
    return rows.size();
  }

  /** The rows at these indices, in that order. */
  public TabularData select(List<Integer> indices) {
    List<double[]> picked = new ArrayList<>(indices.size());
    List<String> pickedLabels = new ArrayList<>(indices.size());
    for (int i : indices) {
      picked.add(rows.get(i));
      pickedLabels.add(labels.get(i));
    }
    return new TabularData(label, features, picked, pickedLabels);
  }

  /**
   * Write as CSV: the feature columns, then the label column; lines end in '\n' whatever the
   * platform's line separator, so equal tables are equal bytes everywhere.
   */
  public void write(Path csv) throws IOException {
    try (BufferedWriter writer = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
      writer.write(String.join(",", features) + "," + label + LINE_END);
      for (int r = 0; r < rows.size(); r++) {
        StringBuilder line = new StringBuilder();
        for (double value : rows.get(r)) {
          line.append(Double.toString(value)).append(',');
        }
        writer.write(line.append(labels.get(r)).append(LINE_END).toString());
      }
    }
  }

  /**
   * A Tribuo dataset of these rows, standardised by {@code scaler}. Its provenance names the data
   * by input name and content digest ({@code train sha256:...}), not by the path it was read from,
   * which changes with the home and the run.
   */
  public MutableDataset<Label> toDataset(Scaler scaler, String input, Path csv) {
    String[] names = features.toArray(String[]::new);
    String source = input + " sha256:" + ArtifactStore.digest(csv);
    MutableDataset<Label> dataset = new MutableDataset<>(StableProvenance.dataSource(source), new LabelFactory());
    for (int r = 0; r < rows.size(); r++) {
      dataset.add(new ArrayExample<>(new Label(labels.get(r)), names, scaler.apply(features, rows.get(r))));
    }
    return dataset;
  }
}
