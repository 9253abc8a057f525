package dev.focusnfix.core.execution;

import com.google.gson.Gson;
import dev.focusnfix.core.evaluation.ImageEvaluation;
import dev.focusnfix.nn.io.AtomicFiles;
import dev.focusnfix.nn.io.StrictJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The driver's record of finished items in a run folder ({@code evaluation-items/ID.json}, beside the sample PNGs
 * they wrote): an evaluation started again reuses an item whose record carries the same fingerprint (the resolved
 * experiment and the adapter it evaluated) and whose files all exist. Every file is written atomically, the record
 * last, so a record means the item's files are complete.
 */
public final class ItemStore {

    /** The folder of item records in a run folder. */
    public static final String FOLDER = "evaluation-items";

    /** Strict JSON like every file of a run: a value not measured (NaN) or infinite is written as null. */
    private static final Gson GSON = StrictJson.builder().create();

    /** The record of one finished item. */
    private record Entry(
            String fingerprint,
            WorkItem item,
            ImageEvaluation image,
            boolean belowBefore,
            boolean belowAfter,
            java.util.List<String> files) {}

    private final Path runDir;
    private final String fingerprint;

    /**
     * A store in {@code runDir}; with a null fingerprint nothing is reused (every item is evaluated again).
     */
    public ItemStore(Path runDir, String fingerprint) {
        this.runDir = runDir;
        this.fingerprint = fingerprint;
    }

    /** The finished result of {@code item} from an earlier evaluation, if it is complete and of the same inputs. */
    public Optional<ItemResult> finished(WorkItem item) throws IOException {
        Path record = record(item);
        if (fingerprint == null || !Files.isRegularFile(record)) {
            return Optional.empty();
        }
        Entry entry;
        try {
            entry = GSON.fromJson(Files.readString(record, StandardCharsets.UTF_8), Entry.class);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (entry == null || !fingerprint.equals(entry.fingerprint()) || !item.equals(entry.item())) {
            return Optional.empty();
        }
        for (String file : entry.files()) {
            if (!Files.isRegularFile(runDir.resolve(file))) {
                return Optional.empty();
            }
        }
        return Optional.of(new ItemResult(
                item, entry.image(), entry.belowBefore(), entry.belowAfter(), Map.of(), "earlier run", 0));
    }

    /** Writes a result's files, then its record. */
    public void write(ItemResult result) throws IOException {
        for (Map.Entry<String, byte[]> file : result.files().entrySet()) {
            AtomicFiles.write(runDir.resolve(file.getKey()), file.getValue());
        }
        Entry entry = new Entry(
                fingerprint,
                result.item(),
                result.image(),
                result.belowBefore(),
                result.belowAfter(),
                java.util.List.copyOf(result.files().keySet()));
        AtomicFiles.writeString(record(result.item()), GSON.toJson(entry) + "\n");
    }

    private Path record(WorkItem item) {
        return runDir.resolve(FOLDER).resolve(item.id() + ".json");
    }
}
