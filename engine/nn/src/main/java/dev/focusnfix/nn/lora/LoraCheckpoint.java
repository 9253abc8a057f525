package dev.focusnfix.nn.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.focusnfix.api.tensor.Scalars;
import dev.focusnfix.nn.layers.Linear;
import dev.focusnfix.nn.module.Module;
import dev.focusnfix.nn.unet.UNet2DConditionModel;
import dev.focusnfix.nn.weights.FiniteWeights;
import dev.focusnfix.nn.weights.SafetensorsWriter;
import dev.focusnfix.nn.weights.StateDict;
import dev.focusnfix.nn.weights.WeightsException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes LoRA files for a UNet.
 *
 * <ul>
 *   <li>diffusers/PEFT: {@code unet.<module>.lora_A.weight} [r, in], {@code unet.<module>.lora_B.weight}
 *       [out, r]; alpha from the metadata ({@code lora_adapter_metadata} JSON {@code unet.lora_alpha} /
 *       {@code unet.alpha_pattern}, or a plain {@code alpha} entry) or a {@code unet.<module>.alpha} tensor, else
 *       alpha = rank (scale 1), as diffusers does.
 *   <li>kohya: {@code lora_unet_<module with _>.lora_down.weight} / {@code lora_up.weight} / {@code alpha}
 *       (scale = alpha / rank, alpha = rank when absent); the flattened names are mapped back to modules by matching
 *       against the model's module names.
 * </ul>
 *
 * kohya SDXL files with the original SDXL block names ({@code lora_unet_input_blocks_4_1_...}) are mapped to the
 * diffusers names as diffusers does ({@link SgmBlockNames}). Text-encoder keys ({@code text_encoder*.},
 * {@code lora_te*}) are refused with a message (they cannot be applied, and ignoring them would change the images
 * silently); any other key that does not fit is an error listing every problem.
 */
public final class LoraCheckpoint {

    /** The safetensors metadata key diffusers uses for the PEFT LoraConfig of each component. */
    public static final String ADAPTER_METADATA_KEY = "lora_adapter_metadata";

    private static final Pattern PEFT_KEY = Pattern.compile("^(.+)\\.lora_([AB])(?:\\.[A-Za-z0-9_-]+)?\\.weight$");
    private static final Pattern KOHYA_KEY =
            Pattern.compile("^lora_unet_(.+?)\\.(lora_down\\.weight|lora_up\\.weight|alpha)$");
    private static final List<String> OTHER_COMPONENTS =
            List.of("text_encoder.", "text_encoder_2.", "lora_te_", "lora_te1_", "lora_te2_");

    /** How many problems a refusal lists before it counts the rest. */
    private static final int MAX_LISTED_PROBLEMS = 10;

    private LoraCheckpoint() {}

    /** Reads a LoRA file into adapters on {@code root}'s Linear layers, attached under {@code name}. */
    public static LoraNetwork read(Path file, Module root, String name, NDManager manager, DataType dtype)
            throws IOException {
        try (StateDict weights = StateDict.read(file, manager, dtype)) {
            return fromStateDict(weights, file.toString(), root, name);
        }
    }

    /** Builds adapters from LoRA tensors already in memory; the arrays handed out become the adapters'. */
    public static LoraNetwork fromStateDict(StateDict weights, String source, Module root, String name) {
        boolean kohya = weights.keys().stream().anyMatch(k -> k.startsWith("lora_unet_") || k.startsWith("lora_te"));
        Map<String, Linear> linears = new LinkedHashMap<>();
        root.modules().forEach((module, m) -> {
            if (m instanceof Linear) {
                linears.put(module, (Linear) m);
            }
        });
        Map<String, Entry> entries = new TreeMap<>();
        List<String> skipped = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (kohya) {
            List<Integer> layersPerBlock =
                    root instanceof UNet2DConditionModel unet ? unet.config().layersPerBlock() : List.of(2);
            Map<String, String> names = SgmBlockNames.toDiffusers(weights.keys(), layersPerBlock, source);
            collectKohya(weights, names, linears, root, entries, skipped, problems);
        } else {
            collectPeft(weights, entries, skipped, problems);
        }
        if (!skipped.isEmpty()) {
            // Leaving them out would change the images without a word; the user decides.
            throw new WeightsException(source + ": holds " + skipped.size() + " text-encoder LoRA weight(s) (e.g. "
                    + skipped.get(0) + "), which this framework cannot apply: only UNet LoRA is supported. Use a"
                    + " file with only the UNet weights (keys unet.* or lora_unet_*)");
        }
        PeftAlphas alphas = kohya ? PeftAlphas.NONE : PeftAlphas.from(weights.metadata(), source);

        Map<String, LoraAdapter> adapters = new LinkedHashMap<>();
        Map<String, Linear> layers = new LinkedHashMap<>();
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            String module = e.getKey();
            Entry entry = e.getValue();
            Linear layer = linears.get(module);
            if (layer == null) {
                problems.add(module + ": no Linear layer of that name in the model");
                continue;
            }
            if (entry.aKey == null || entry.bKey == null) {
                problems.add(module + ": has " + (entry.aKey == null ? "no A (down)" : "no B (up)") + " matrix");
                continue;
            }
            Shape aShape = squeezeKernel(weights.shape(entry.aKey));
            Shape bShape = squeezeKernel(weights.shape(entry.bKey));
            long rank = aShape.get(0);
            if (aShape.dimension() != 2
                    || bShape.dimension() != 2
                    || aShape.get(1) != layer.inFeatures()
                    || bShape.get(0) != layer.outFeatures()
                    || bShape.get(1) != rank) {
                problems.add(module + ": A " + weights.shape(entry.aKey) + " and B " + weights.shape(entry.bKey)
                        + " do not fit a Linear(" + layer.inFeatures() + " -> " + layer.outFeatures() + ")");
                continue;
            }
            double alpha =
                    entry.alphaKey != null ? readScalar(weights.get(entry.alphaKey)) : alphas.alphaFor(module, rank);
            LoraAdapter adapter = new LoraAdapter(layer.inFeatures(), layer.outFeatures(), (int) rank, alpha);
            NDArray a = weights.get(entry.aKey);
            NDArray b = weights.get(entry.bKey);
            FiniteWeights.require(source, entry.aKey, a);
            FiniteWeights.require(source, entry.bKey, b);
            if (!Double.isFinite(alpha)) {
                throw new WeightsException(source + ": alpha of " + module + " is " + alpha + "; it must be finite");
            }
            adapter.a().set(reshaped(a, aShape));
            adapter.b().set(reshaped(b, bShape));
            adapters.put(module, adapter);
            layers.put(module, layer);
        }
        if (!problems.isEmpty()) {
            int shown = Math.min(problems.size(), MAX_LISTED_PROBLEMS);
            throw new WeightsException(source + ": the LoRA does not fit this model (" + problems.size()
                    + " problem(s)):\n  " + String.join("\n  ", problems.subList(0, shown))
                    + (problems.size() > shown ? "\n  ... and " + (problems.size() - shown) + " more" : "")
                    + "\n  Is it a LoRA for this model's architecture?");
        }
        if (adapters.isEmpty()) {
            throw new WeightsException(source + ": no UNet LoRA weights found (keys like unet.<module>.lora_A.weight"
                    + " or lora_unet_<module>.lora_down.weight)");
        }
        LoraNetwork.freeze(root);
        return new LoraNetwork(name, adapters, layers, skipped);
    }

    /**
     * Writes {@code network} in the diffusers/PEFT format. When alpha differs from the rank, the scale alpha / rank is
     * folded into B, and the metadata records alpha = rank: every reader (diffusers 0.25 ignores recorded alphas,
     * newer diffusers reads {@code lora_adapter_metadata}, this class reads both) then applies the same weights.
     * Metadata: {@code format=pt}, {@code rank}, {@code alpha}, {@code lora_adapter_metadata} (JSON with
     * {@code unet.r}, {@code unet.lora_alpha}, {@code unet.target_modules} and per-module patterns when ranks differ).
     */
    public static void writePeft(LoraNetwork network, Path file) throws IOException {
        Map<String, LoraAdapter> adapters = network.adapters();
        if (adapters.isEmpty()) {
            throw new IllegalArgumentException("LoRA '" + network.name() + "' has no adapters to save");
        }
        NDManager owner = adapters.values().iterator().next().a().array().getManager();
        try (NDManager scratch = owner.newSubManager()) {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            Map<Integer, Integer> rankCounts = new TreeMap<>();
            TreeSet<String> targets = new TreeSet<>();
            boolean folded = false;
            for (Map.Entry<String, LoraAdapter> e : adapters.entrySet()) {
                LoraAdapter adapter = e.getValue();
                NDArray a = adapter.a().array().stopGradient();
                a.attach(scratch);
                NDArray b = adapter.b().array().stopGradient();
                b.attach(scratch);
                if (adapter.alpha() != adapter.rank()) {
                    b = Scalars.mul(b, adapter.alpha() / adapter.rank());
                    folded = true;
                }
                String key = LoraNetwork.UNET_PREFIX + e.getKey();
                tensors.put(key + ".lora_A.weight", a);
                tensors.put(key + ".lora_B.weight", b);
                rankCounts.merge(adapter.rank(), 1, Integer::sum);
                targets.add(leafName(e.getKey()));
            }
            int rank = rankCounts.entrySet().stream()
                    .max(Map.Entry.comparingByValue())
                    .get()
                    .getKey();
            JsonObject config = new JsonObject();
            config.addProperty("unet.r", rank);
            config.addProperty("unet.lora_alpha", rank);
            JsonArray targetArray = new JsonArray();
            targets.forEach(targetArray::add);
            config.add("unet.target_modules", targetArray);
            if (rankCounts.size() > 1) {
                JsonObject rankPattern = new JsonObject();
                JsonObject alphaPattern = new JsonObject();
                adapters.forEach((module, adapter) -> {
                    if (adapter.rank() != rank) {
                        rankPattern.addProperty(module, adapter.rank());
                        alphaPattern.addProperty(module, adapter.rank());
                    }
                });
                config.add("unet.rank_pattern", rankPattern);
                config.add("unet.alpha_pattern", alphaPattern);
            }
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("format", "pt");
            metadata.put("rank", String.valueOf(rank));
            metadata.put("alpha", String.valueOf(rank));
            if (folded) {
                metadata.put("alpha_folded_into_lora_B", "true");
            }
            metadata.put(ADAPTER_METADATA_KEY, new Gson().toJson(config));
            SafetensorsWriter.write(file, tensors, metadata);
        }
    }

    /** "down_blocks.0....attn1.to_out.0" -> "to_out.0"; "...to_q" -> "to_q". */
    private static String leafName(String module) {
        String[] parts = module.split("\\.");
        String last = parts[parts.length - 1];
        if (last.chars().allMatch(Character::isDigit) && parts.length > 1) {
            return parts[parts.length - 2] + "." + last;
        }
        return last;
    }

    private static void collectPeft(
            StateDict weights, Map<String, Entry> entries, List<String> skipped, List<String> problems) {
        for (String key : weights.keys()) {
            if (isOtherComponent(key)) {
                skipped.add(key);
                weights.markUsed(key);
                continue;
            }
            String local =
                    key.startsWith(LoraNetwork.UNET_PREFIX) ? key.substring(LoraNetwork.UNET_PREFIX.length()) : key;
            if (local.endsWith(".alpha")) {
                entries.computeIfAbsent(local.substring(0, local.length() - ".alpha".length()), m -> new Entry())
                        .alphaKey = key;
                continue;
            }
            Matcher m = PEFT_KEY.matcher(local);
            if (!m.matches()) {
                problems.add(key + ": not a LoRA key this loader understands (expected unet.<module>.lora_A.weight"
                        + " / lora_B.weight)");
                continue;
            }
            Entry entry = entries.computeIfAbsent(m.group(1), k -> new Entry());
            if (m.group(2).equals("A")) {
                entry.aKey = key;
            } else {
                entry.bKey = key;
            }
        }
    }

    private static void collectKohya(
            StateDict weights,
            Map<String, String> names,
            Map<String, Linear> linears,
            Module root,
            Map<String, Entry> entries,
            List<String> skipped,
            List<String> problems) {
        // kohya flattens module paths with '_'; names that contain '_' themselves make the mapping ambiguous in
        // general, so map every module name of this model forward and look the flattened names up.
        Map<String, String> byFlatName = new LinkedHashMap<>();
        Map<String, List<String>> clashes = new LinkedHashMap<>();
        for (String module : root.modules().keySet()) {
            String flat = module.replace('.', '_');
            String previous = byFlatName.putIfAbsent(flat, module);
            if (previous != null && !previous.equals(module)) {
                clashes.computeIfAbsent(flat, f -> new ArrayList<>(List.of(previous)))
                        .add(module);
            }
        }
        for (String key : weights.keys()) {
            if (isOtherComponent(key)) {
                skipped.add(key);
                weights.markUsed(key);
                continue;
            }
            Matcher m = KOHYA_KEY.matcher(names.get(key));
            if (!m.matches()) {
                problems.add(key + ": not a kohya LoRA key this loader understands (expected"
                        + " lora_unet_<module>.lora_down.weight / lora_up.weight / alpha)");
                continue;
            }
            String flat = m.group(1);
            if (clashes.containsKey(flat)) {
                problems.add(key + ": ambiguous, matches modules " + clashes.get(flat));
                continue;
            }
            String module = byFlatName.get(flat);
            if (module == null) {
                problems.add(key + ": no module of this model flattens to '" + flat + "'");
                continue;
            }
            if (!linears.containsKey(module)) {
                problems.add(key + ": module " + module + " is not a Linear layer (only Linear LoRA is supported)");
                continue;
            }
            Entry entry = entries.computeIfAbsent(module, k -> new Entry());
            switch (m.group(2)) {
                case "lora_down.weight":
                    entry.aKey = key;
                    break;
                case "lora_up.weight":
                    entry.bKey = key;
                    break;
                default:
                    entry.alphaKey = key;
            }
        }
    }

    private static boolean isOtherComponent(String key) {
        return OTHER_COMPONENTS.stream().anyMatch(key::startsWith);
    }

    /** [r, in, 1, 1] (a 1x1 convolution's layout) -> [r, in]. */
    private static Shape squeezeKernel(Shape shape) {
        if (shape.dimension() == 4 && shape.get(2) == 1 && shape.get(3) == 1) {
            return new Shape(shape.get(0), shape.get(1));
        }
        return shape;
    }

    private static NDArray reshaped(NDArray array, Shape shape) {
        if (array.getShape().equals(shape)) {
            return array;
        }
        NDArray r = array.reshape(shape);
        array.close();
        return r;
    }

    private static double readScalar(NDArray array) {
        double value = array.toType(DataType.FLOAT64, false).toDoubleArray()[0];
        array.close();
        return value;
    }

    /** The LoRA keys of one module. */
    private static final class Entry {
        String aKey;
        String bKey;
        String alphaKey;
    }

    /** Alphas recorded in PEFT/diffusers metadata. */
    private static final class PeftAlphas {
        static final PeftAlphas NONE = new PeftAlphas(null, Map.of());

        private final Double global;
        private final Map<String, Double> patterns;

        PeftAlphas(Double global, Map<String, Double> patterns) {
            this.global = global;
            this.patterns = patterns;
        }

        static PeftAlphas from(Map<String, String> metadata, String source) {
            Double global = null;
            Map<String, Double> patterns = new LinkedHashMap<>();
            String json = metadata.get(ADAPTER_METADATA_KEY);
            if (json != null) {
                JsonObject config;
                try {
                    config = JsonParser.parseString(json).getAsJsonObject();
                } catch (RuntimeException e) {
                    throw new WeightsException(
                            source + ": metadata " + ADAPTER_METADATA_KEY + " is not a JSON object", e);
                }
                JsonElement alpha = config.get("unet.lora_alpha");
                if (alpha != null && !alpha.isJsonNull()) {
                    global = alpha.getAsDouble();
                }
                JsonElement pattern = config.get("unet.alpha_pattern");
                if (pattern != null && pattern.isJsonObject()) {
                    pattern.getAsJsonObject()
                            .entrySet()
                            .forEach(e -> patterns.put(e.getKey(), e.getValue().getAsDouble()));
                }
                JsonElement dora = config.get("unet.use_dora");
                if (dora != null && !dora.isJsonNull() && dora.getAsBoolean()) {
                    throw new WeightsException(source + ": DoRA adapters (use_dora) are not supported");
                }
            }
            if (global == null) {
                for (String key : List.of("alpha", "lora_alpha", "network_alpha")) {
                    if (metadata.containsKey(key)) {
                        try {
                            global = Double.parseDouble(metadata.get(key));
                        } catch (NumberFormatException e) {
                            throw new WeightsException(
                                    source + ": metadata " + key + "=" + metadata.get(key) + " is not a number");
                        }
                        break;
                    }
                }
            }
            return new PeftAlphas(global, patterns);
        }

        double alphaFor(String module, long rank) {
            for (Map.Entry<String, Double> p : patterns.entrySet()) {
                if (module.equals(p.getKey()) || module.endsWith("." + p.getKey())) {
                    return p.getValue();
                }
            }
            return global != null ? global : rank;
        }
    }
}
