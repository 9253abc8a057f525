package dev.focusnfix.training.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.tensor.Scalars;
import dev.focusnfix.nn.weights.SafetensorsReader;
import dev.focusnfix.nn.weights.SafetensorsWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoints of a training run: one safetensors file per checkpoint, {@code step-00000012.safetensors}, holding
 * the adapter tensors ({@code adapter/<key>}), AdamW's moments ({@code adam_m/<key>}, {@code adam_v/<key>}) and, in
 * its metadata, the step, the number of optimizer updates, the experiment hash, the tuner id and a SHA-256 of every
 * tensor's name, shape and values. Files are written atomically (a temporary file renamed over the target), and a
 * file is used only when its checksum matches, so a truncated or damaged checkpoint is never loaded.
 */
public final class CheckpointStore {

    /** The format tag in every checkpoint's metadata. */
    public static final String FORMAT = "focusnfix-training-checkpoint/1";

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
    private static final Pattern NAME = Pattern.compile("step-(\\d+)\\.safetensors");
    private static final String ADAPTER = "adapter/";
    private static final String FIRST = "adam_m/";
    private static final String SECOND = "adam_v/";

    private final Path folder;

    /** The checkpoints in {@code folder} (created when the first one is written). */
    public CheckpointStore(Path folder) {
        this.folder = folder;
    }

    /** The folder. */
    public Path folder() {
        return folder;
    }

    /** The file of the checkpoint after {@code step}. */
    public Path fileFor(int step) {
        return folder.resolve(String.format("step-%08d.safetensors", step));
    }

    /** Writes a checkpoint atomically and returns its file. */
    public Path save(
            TrainingState state,
            String experimentHash,
            String tuner,
            Map<String, NDArray> adapter,
            Map<String, NDArray> firstMoments,
            Map<String, NDArray> secondMoments)
            throws IOException {
        Map<String, NDArray> tensors = new TreeMap<>();
        Map<String, float[]> values = new TreeMap<>();
        Map<String, long[]> shapes = new HashMap<>();
        List<NDArray> converted = new ArrayList<>();
        try {
            collect(ADAPTER, adapter, tensors, values, shapes, converted);
            collect(FIRST, firstMoments, tensors, values, shapes, converted);
            collect(SECOND, secondMoments, tensors, values, shapes, converted);
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("format", FORMAT);
            metadata.put("step", Integer.toString(state.step()));
            metadata.put("optimizer_updates", Long.toString(state.optimizerUpdates()));
            if (state.scalesLoss()) {
                // Double.toString round-trips exactly: a resumed run continues with the same scale.
                metadata.put("loss_scale", Double.toString(state.lossScale()));
                metadata.put("loss_scale_good_steps", Integer.toString(state.lossScaleGoodSteps()));
            }
            metadata.put("experiment_hash", experimentHash);
            metadata.put("tuner", tuner);
            metadata.put("sha256", checksum(values, shapes));
            Path file = fileFor(state.step());
            Files.createDirectories(folder);
            SafetensorsWriter.write(file, tensors, metadata);
            return file;
        } finally {
            converted.forEach(NDArray::close);
        }
    }

    private static void collect(
            String prefix,
            Map<String, NDArray> source,
            Map<String, NDArray> tensors,
            Map<String, float[]> values,
            Map<String, long[]> shapes,
            List<NDArray> converted) {
        for (Map.Entry<String, NDArray> e : source.entrySet()) {
            NDArray array = e.getValue();
            if (array.getDataType() != DataType.FLOAT32) {
                array = array.toType(DataType.FLOAT32, true);
                converted.add(array);
            }
            String name = prefix + e.getKey();
            tensors.put(name, array);
            values.put(name, array.toFloatArray());
            shapes.put(name, array.getShape().getShape());
        }
    }

    /** The checkpoint files, earliest step first. */
    public List<Path> list() throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingLong(CheckpointStore::stepOf))
                    .toList();
        }
    }

    /**
     * The newest checkpoint that loads and verifies, in {@code manager}; newer files that do not are skipped with a
     * warning naming them and why. Empty when there is none.
     */
    public Optional<Checkpoint> loadLatestValid(NDManager manager) throws IOException {
        List<Path> files = new ArrayList<>(list());
        for (int i = files.size() - 1; i >= 0; i--) {
            Path file = files.get(i);
            try {
                return Optional.of(load(file, manager));
            } catch (InvalidCheckpointException e) {
                LOG.warn("skipping unusable checkpoint {}; trying an earlier one", e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** Loads and verifies one checkpoint file into {@code manager}. */
    public Checkpoint load(Path file, NDManager manager) throws InvalidCheckpointException {
        Map<String, NDArray> loaded = new TreeMap<>();
        boolean ok = false;
        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            Map<String, String> metadata = reader.metadata();
            if (!FORMAT.equals(metadata.get("format"))) {
                throw new InvalidCheckpointException(
                        file,
                        "not a training checkpoint (format " + metadata.get("format") + ", expected " + FORMAT + ")",
                        null);
            }
            TrainingState state = new TrainingState(
                    Integer.parseInt(require(metadata, "step", file)),
                    Long.parseLong(require(metadata, "optimizer_updates", file)),
                    metadata.containsKey("loss_scale") ? Double.parseDouble(metadata.get("loss_scale")) : 0,
                    metadata.containsKey("loss_scale")
                            ? Integer.parseInt(require(metadata, "loss_scale_good_steps", file))
                            : 0);
            Map<String, float[]> values = new TreeMap<>();
            Map<String, long[]> shapes = new HashMap<>();
            for (String name : new TreeSet<>(reader.names())) {
                NDArray array = Scalars.owned(reader.read(name, manager, DataType.FLOAT32));
                loaded.put(name, array);
                values.put(name, array.toFloatArray());
                shapes.put(name, array.getShape().getShape());
            }
            String expected = require(metadata, "sha256", file);
            String actual = checksum(values, shapes);
            if (!expected.equals(actual)) {
                throw new InvalidCheckpointException(file, "checksum mismatch (the file is damaged)", null);
            }
            Checkpoint checkpoint = new Checkpoint(
                    file,
                    state,
                    require(metadata, "experiment_hash", file),
                    metadata.getOrDefault("tuner", ""),
                    part(loaded, ADAPTER),
                    part(loaded, FIRST),
                    part(loaded, SECOND));
            if (checkpoint.adapter().isEmpty()
                    || !checkpoint
                            .adapter()
                            .keySet()
                            .equals(checkpoint.firstMoments().keySet())
                    || !checkpoint
                            .adapter()
                            .keySet()
                            .equals(checkpoint.secondMoments().keySet())) {
                throw new InvalidCheckpointException(file, "adapter and optimizer tensors do not match", null);
            }
            ok = true;
            return checkpoint;
        } catch (InvalidCheckpointException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new InvalidCheckpointException(file, "unreadable (" + e.getMessage() + ")", e);
        } finally {
            if (!ok) {
                loaded.values().forEach(NDArray::close);
            }
        }
    }

    /** Deletes all but the newest {@code keep} checkpoints; 0 keeps every one. */
    public void prune(int keep) throws IOException {
        if (keep <= 0) {
            return;
        }
        List<Path> files = list();
        for (int i = 0; i < files.size() - keep; i++) {
            Files.deleteIfExists(files.get(i));
        }
    }

    /** Deletes every checkpoint (a run that starts over in the same folder). */
    public void deleteAll() throws IOException {
        for (Path file : list()) {
            Files.deleteIfExists(file);
        }
    }

    /** The step in a checkpoint file's name. */
    public static long stepOf(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(file + " is not a checkpoint file name");
        }
        return Long.parseLong(m.group(1));
    }

    private static Map<String, NDArray> part(Map<String, NDArray> all, String prefix) {
        Map<String, NDArray> part = new LinkedHashMap<>();
        all.forEach((name, array) -> {
            if (name.startsWith(prefix)) {
                part.put(name.substring(prefix.length()), array);
            }
        });
        return part;
    }

    private static String require(Map<String, String> metadata, String key, Path file)
            throws InvalidCheckpointException {
        String value = metadata.get(key);
        if (value == null) {
            throw new InvalidCheckpointException(file, "metadata has no '" + key + "'", null);
        }
        return value;
    }

    /** SHA-256 of each tensor's name, shape and float32 values (little endian), in name order. */
    static String checksum(Map<String, float[]> values, Map<String, long[]> shapes) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (Map.Entry<String, float[]> e : new TreeMap<>(values).entrySet()) {
            digest.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            long[] shape = shapes.get(e.getKey());
            ByteBuffer dims = ByteBuffer.allocate(8 * (shape.length + 1)).order(ByteOrder.LITTLE_ENDIAN);
            dims.putLong(shape.length);
            for (long d : shape) {
                dims.putLong(d);
            }
            digest.update(dims.array());
            float[] v = e.getValue();
            ByteBuffer data =
                    ByteBuffer.allocate(4 * Math.min(v.length, 1 << 16)).order(ByteOrder.LITTLE_ENDIAN);
            for (float f : v) {
                if (!data.hasRemaining()) {
                    digest.update(data.array(), 0, data.position());
                    data.clear();
                }
                data.putFloat(f);
            }
            digest.update(data.array(), 0, data.position());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
