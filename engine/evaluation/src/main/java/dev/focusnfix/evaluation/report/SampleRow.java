package dev.focusnfix.evaluation.report;

import dev.focusnfix.api.RunLayout;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One evaluation sample: a prompt, a seed, and the image files of each {@link SampleColumn}, as paths relative to the
 * report's folder. A column without a path (or whose file does not exist) is shown as a placeholder.
 *
 * @param promptIndex the prompt's position in the evaluation set
 * @param prompt the prompt text
 * @param seed the seed of the initial latent
 * @param images the image of each column, relative to the report's folder
 */
public record SampleRow(int promptIndex, String prompt, long seed, Map<SampleColumn, Path> images) {

    /** The folder, beside the report, that conventional sample images live in. */
    public static final String SAMPLES_FOLDER = RunLayout.SAMPLES;

    /** Validates the row and freezes the map. */
    public SampleRow {
        Objects.requireNonNull(prompt, "prompt");
        EnumMap<SampleColumn, Path> copy = new EnumMap<>(SampleColumn.class);
        for (Map.Entry<SampleColumn, Path> entry : images.entrySet()) {
            Path path = Objects.requireNonNull(entry.getValue(), "path of " + entry.getKey());
            if (path.isAbsolute()) {
                throw new IllegalArgumentException("sample image paths are relative to the report's folder, got " + path
                        + " for " + entry.getKey());
            }
            copy.put(entry.getKey(), path);
        }
        images = Collections.unmodifiableMap(copy);
    }

    /**
     * A row whose images follow the naming convention {@code samples/<index:000>-seed<seed>-<suffix>.png}, e.g.
     * {@code samples/000-seed1000-base.png}, for every column.
     */
    public static SampleRow conventional(int promptIndex, String prompt, long seed) {
        EnumMap<SampleColumn, Path> images = new EnumMap<>(SampleColumn.class);
        for (SampleColumn column : SampleColumn.values()) {
            images.put(column, conventionalPath(promptIndex, seed, column));
        }
        return new SampleRow(promptIndex, prompt, seed, images);
    }

    /** The conventional relative path of one image: {@code samples/000-seed1000-base.png}. */
    public static Path conventionalPath(int promptIndex, long seed, SampleColumn column) {
        return Path.of(
                SAMPLES_FOLDER, String.format(Locale.ROOT, "%03d-seed%d-%s.png", promptIndex, seed, column.suffix()));
    }

    /** The image of {@code column}, if the row has one. */
    public Optional<Path> image(SampleColumn column) {
        return Optional.ofNullable(images.get(column));
    }
}
