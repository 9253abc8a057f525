package dev.focusnfix.nn.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A checkpoint as a map from parameter names to tensors, read lazily from safetensors files (each tensor is read and
 * converted to the compute dtype the first time it is asked for). It remembers which keys were used, so that loading a
 * model can insist that every weight in the checkpoint found a home ({@link #requireAllUsed()}).
 *
 * <p>Ownership: {@link #get} hands the tensor to the caller (it stays attached to the manager given when reading);
 * {@link #close()} closes the files and only the tensors that were never handed out.
 */
public final class StateDict implements AutoCloseable {

    private static final int MAX_LISTED_KEYS = 50;

    private final String source;
    private final Map<String, Slot> slots;
    private final Map<String, String> metadata;
    private final List<SafetensorsReader> readers;
    private final NDManager manager;
    private final DataType dtype;
    private final Set<String> used = new LinkedHashSet<>();

    /** Where a tensor comes from: an already-made array, or an entry still in a file. */
    private static final class Slot {
        String fileKey;
        NDArray array;
        SafetensorsReader reader;
        boolean handedOut;
    }

    private StateDict(
            String source,
            Map<String, Slot> slots,
            Map<String, String> metadata,
            List<SafetensorsReader> readers,
            NDManager manager,
            DataType dtype) {
        this.source = source;
        this.slots = slots;
        this.metadata = Collections.unmodifiableMap(metadata);
        this.readers = readers;
        this.manager = manager;
        this.dtype = dtype;
    }

    /** Reads one .safetensors file, converting every tensor to dtype on the manager's device. */
    public static StateDict read(Path file, NDManager manager, DataType dtype) throws IOException {
        SafetensorsReader reader = SafetensorsReader.open(file);
        Map<String, Slot> slots = new LinkedHashMap<>();
        for (String name : reader.names()) {
            Slot slot = new Slot();
            slot.reader = reader;
            slot.fileKey = name;
            slots.put(name, slot);
        }
        return new StateDict(
                file.toString(),
                slots,
                new LinkedHashMap<>(reader.metadata()),
                new ArrayList<>(List.of(reader)),
                manager,
                dtype);
    }

    /**
     * Reads a diffusers/HF component folder: diffusion_pytorch_model.safetensors or model.safetensors, sharded
     * (*.safetensors.index.json) and variant ("fp16": diffusion_pytorch_model.fp16.safetensors).
     */
    public static StateDict readComponent(Path folder, String variantOrNull, NDManager manager, DataType dtype)
            throws IOException {
        ComponentFiles files = ComponentFiles.resolve(folder, variantOrNull);
        if (files.index() == null) {
            return read(files.files().get(0), manager, dtype);
        }
        List<SafetensorsReader> readers = new ArrayList<>();
        try {
            Map<String, Slot> slots = new LinkedHashMap<>();
            Map<String, Path> origin = new LinkedHashMap<>();
            Map<String, String> metadata = new LinkedHashMap<>();
            Map<Path, SafetensorsReader> byFile = new LinkedHashMap<>();
            for (Path shard : files.files()) {
                SafetensorsReader reader = SafetensorsReader.open(shard);
                readers.add(reader);
                byFile.put(shard.getFileName(), reader);
                reader.metadata().forEach(metadata::putIfAbsent);
                for (String name : reader.names()) {
                    Path previous = origin.putIfAbsent(name, shard);
                    if (previous != null) {
                        throw new WeightsException(files.index() + ": tensor \"" + name + "\" appears in two shards, "
                                + previous.getFileName() + " and " + shard.getFileName());
                    }
                    Slot slot = new Slot();
                    slot.reader = reader;
                    slot.fileKey = name;
                    slots.put(name, slot);
                }
            }
            for (Map.Entry<String, String> e : files.weightMap().entrySet()) {
                Path where = origin.get(e.getKey());
                if (where == null
                        || !where.getFileName().equals(Path.of(e.getValue()).getFileName())) {
                    throw new WeightsException(files.index() + ": weight_map puts \"" + e.getKey() + "\" in "
                            + e.getValue() + " but "
                            + (where == null ? "no shard holds it" : "it is in " + where.getFileName()));
                }
            }
            metadata.putAll(files.metadata());
            return new StateDict(files.index().toString(), slots, metadata, readers, manager, dtype);
        } catch (IOException | RuntimeException e) {
            for (SafetensorsReader r : readers) {
                r.close();
            }
            throw e;
        }
    }

    /** Wraps tensors that already exist; the state dict owns them until they are handed out by {@link #get}. */
    public static StateDict of(Map<String, NDArray> tensors) {
        Map<String, Slot> slots = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            Slot slot = new Slot();
            slot.array = e.getValue();
            slots.put(e.getKey(), slot);
        }
        return new StateDict("in-memory state dict", slots, new LinkedHashMap<>(), new ArrayList<>(), null, null);
    }

    /**
     * A view with renamed keys (for checkpoints written with older parameter names): {@code rename} maps each key to
     * its new name (return the key itself to keep it). The view shares the tensors with this state dict but tracks
     * its own used keys; closing the view closes no files, and closing this state dict still closes them.
     */
    public StateDict renamed(java.util.function.UnaryOperator<String> rename) {
        Map<String, Slot> renamedSlots = new LinkedHashMap<>();
        for (Map.Entry<String, Slot> e : slots.entrySet()) {
            String newKey = rename.apply(e.getKey());
            if (renamedSlots.put(newKey, e.getValue()) != null) {
                throw new WeightsException(source + ": renaming maps two keys onto \"" + newKey + "\"");
            }
        }
        return new StateDict(source, renamedSlots, new LinkedHashMap<>(metadata), new ArrayList<>(), manager, dtype);
    }

    /** Where the tensors come from (a file or index path), for messages. */
    public String source() {
        return source;
    }

    /** All keys, in file order. */
    public Set<String> keys() {
        return Collections.unmodifiableSet(slots.keySet());
    }

    public boolean contains(String key) {
        return slots.containsKey(key);
    }

    /** The shape of a tensor, without reading it or marking it used. */
    public Shape shape(String key) {
        Slot slot = slot(key);
        return slot.array != null
                ? slot.array.getShape()
                : slot.reader.entry(slot.fileKey).djlShape();
    }

    /** Returns the tensor, reading it if needed, and marks the key used; a missing key names it. */
    public synchronized NDArray get(String key) {
        Slot slot = slot(key);
        if (slot.array == null) {
            try {
                slot.array = slot.reader.read(slot.fileKey, manager, dtype);
            } catch (IOException e) {
                throw new UncheckedIOException(slot.reader.file() + ": cannot read tensor \"" + slot.fileKey + "\"", e);
            }
        }
        slot.handedOut = true;
        used.add(key);
        return slot.array;
    }

    /** Marks a key as deliberately not needed (for example a buffer the implementation recomputes). */
    public synchronized void markUsed(String key) {
        slot(key);
        used.add(key);
    }

    /** The safetensors {@code __metadata__} (and, for a sharded checkpoint, the index's metadata); empty if none. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Keys not yet used, in file order. */
    public synchronized List<String> unusedKeys() {
        return slots.keySet().stream().filter(k -> !used.contains(k)).collect(Collectors.toList());
    }

    /** Throws a {@link WeightsException} listing every key that no {@link #get} asked for. */
    public void requireAllUsed() {
        List<String> unused = unusedKeys();
        if (unused.isEmpty()) {
            return;
        }
        String listed = unused.stream().limit(MAX_LISTED_KEYS).collect(Collectors.joining(", "));
        String more = unused.size() > MAX_LISTED_KEYS ? ", ... (" + (unused.size() - MAX_LISTED_KEYS) + " more)" : "";
        throw new WeightsException(source + ": " + unused.size() + " weight(s) were not used by the model: " + listed
                + more + ". The checkpoint does not match the model config (wrong config.json, or a different"
                + " architecture).");
    }

    private Slot slot(String key) {
        Slot slot = slots.get(key);
        if (slot == null) {
            throw new WeightsException(source + ": missing weight \"" + key + "\"" + suggestions(key));
        }
        return slot;
    }

    private String suggestions(String key) {
        String last = key.contains(".") ? key.substring(key.lastIndexOf('.')) : key;
        List<String> similar = slots.keySet().stream()
                .filter(k -> k.endsWith(key)
                        || key.endsWith(k)
                        || (k.endsWith(last) && commonPrefix(k, key) > key.length() / 2))
                .limit(5)
                .collect(Collectors.toList());
        return similar.isEmpty() ? "" : "; similar keys: " + String.join(", ", similar);
    }

    private static int commonPrefix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }

    /** Closes the files and every tensor that was never handed out by {@link #get}. */
    @Override
    public synchronized void close() {
        for (Slot slot : slots.values()) {
            if (slot.array != null && !slot.handedOut) {
                slot.array.close();
            }
        }
        IOException failure = null;
        for (SafetensorsReader reader : readers) {
            try {
                reader.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        readers.clear();
        if (failure != null) {
            throw new UncheckedIOException(failure);
        }
    }
}
