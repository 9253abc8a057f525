package dev.focusnfix.cli.testing;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.core.experiment.PromptSource;
import dev.focusnfix.core.testing.YamlBombs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Generates a corpus of malformed inputs, each a small change to a working set of files (a hard-linked copy of the
 * tiny-sd pipeline, an experiment, a run folder), together with the command that reads it and the file its error
 * message must name. Every case is bad input: the command line must exit with code 2 and one message.
 *
 * <p>Plugin jars are not cases here: a broken jar must not fail a command that does not use it (it is reported in
 * one line and the other plugins load), which {@code PluginHostTest} and {@code MainTest} check.
 */
public final class MalformedInputs {

    /** What is malformed. */
    public enum Kind {
        /** A {@code *.safetensors} file of the model. */
        WEIGHTS,
        /** {@code config.json}, {@code model_index.json} or a scheduler config. */
        CONFIG,
        /** Tokenizer files. */
        TOKENIZER,
        /** A classifier model file of a reward. */
        CLASSIFIER,
        /** A {@code --lora} file or an adapter of a run folder. */
        LORA,
        /** An experiment file. */
        YAML,
        /** A command-line option value. */
        OPTION,
        /** A prompt file. */
        PROMPT_FILE
    }

    /** The command a case runs. */
    public enum Command {
        /** {@code framework generate --model model ...}. */
        GENERATE,
        /** {@code framework validate exp.yaml}. */
        VALIDATE,
        /** {@code framework run exp.yaml}. */
        RUN,
        /** {@code framework eval runs/exp}. */
        EVAL
    }

    /** Changes the working files of a case. */
    @FunctionalInterface
    public interface Setup {
        /** Applies the change. */
        void apply(Workspace workspace) throws IOException;
    }

    /**
     * One malformed input.
     *
     * @param kind what is malformed
     * @param name a short description
     * @param command the command that reads it
     * @param setup the change to the working files
     * @param mustName the text (a file name, an option) the error message must contain
     */
    public record Case(Kind kind, String name, Command command, Setup setup, String mustName) {
        @Override
        public String toString() {
            return kind + ": " + name;
        }
    }

    /** The working files of one case. */
    public static final class Workspace {

        private static final String EXPERIMENT =
                """
                name: exp
                seed: 3
                device: cpu
                backbone:
                  plugin: sd14
                  model: model
                  resolution: 32
                  steps: 2
                reward:
                  plugin: good
                tuner:
                  plugin: fake-tuner
                prompts:
                  train: [a circle on a blue background]
                output: runs
                """;

        private final Path root;
        private final List<String> extraArgs = new ArrayList<>();

        /** A fresh workspace under {@code root}: the model folder, the experiment and a finished run folder. */
        public Workspace(Path root) throws IOException {
            this.root = root;
            Path source = TestData.path("tiny-sd");
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    String relative = source.relativize(file).toString();
                    if (relative.startsWith("expected") || relative.startsWith("lora")) {
                        continue;
                    }
                    Path target = model().resolve(relative);
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else {
                        // Links are never written through: write() deletes them first.
                        Files.createLink(target, file);
                    }
                }
            }
            Files.writeString(experiment(), EXPERIMENT);
            Path run = runDir();
            Files.createDirectories(run.resolve("adapter"));
            Files.writeString(
                    run.resolve("experiment.yaml"),
                    EXPERIMENT
                            .replace("model: model", "model: " + model().toAbsolutePath())
                            .replace("output: runs", "output: " + root.resolve("runs")));
            Files.copy(TestData.path("tiny-sd/lora/peft_rank4.safetensors"), adapter());
        }

        /** The folder of the case. */
        public Path root() {
            return root;
        }

        /** The pipeline folder (tiny-sd). */
        public Path model() {
            return root.resolve("model");
        }

        /** The experiment file. */
        public Path experiment() {
            return root.resolve("exp.yaml");
        }

        /** A finished run folder of the experiment. */
        public Path runDir() {
            return root.resolve("runs/exp");
        }

        /** The run folder's adapter. */
        public Path adapter() {
            return runDir().resolve("adapter/final.safetensors");
        }

        /** A file of the model folder. */
        public Path model(String relative) {
            return model().resolve(relative);
        }

        /** Replaces a file's bytes (never writing through a hard link into the fixtures). */
        public void write(Path file, byte[] bytes) throws IOException {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(file);
            Files.write(file, bytes);
        }

        /** Replaces a file's text. */
        public void write(Path file, String text) throws IOException {
            write(file, text.getBytes(StandardCharsets.UTF_8));
        }

        /** Changes a JSON file of the model folder. */
        public void editJson(String relative, UnaryOperator<JsonObject> edit) throws IOException {
            Path file = model(relative);
            JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
            write(file, new Gson().toJson(edit.apply(json)));
        }

        /** Replaces the experiment's text. */
        public void experiment(String yaml) throws IOException {
            write(experiment(), yaml);
        }

        /** Edits the default experiment text. */
        public void editExperiment(UnaryOperator<String> edit) throws IOException {
            write(experiment(), edit.apply(EXPERIMENT));
        }

        /** Extra command-line arguments. */
        public void args(String... args) {
            extraArgs.addAll(Arrays.asList(args));
        }

        /** The command line of a case. */
        public String[] commandLine(Command command, Path pluginsDir) {
            List<String> args = new ArrayList<>(
                    switch (command) {
                        case GENERATE ->
                            List.of(
                                    "generate",
                                    "--model",
                                    model().toString(),
                                    "--prompt",
                                    "a red circle",
                                    "--out",
                                    root.resolve("out").toString());
                        case VALIDATE -> List.of("validate", experiment().toString());
                        case RUN -> List.of("run", experiment().toString());
                        case EVAL -> List.of("eval", runDir().toString());
                    });
            if (command == Command.GENERATE) {
                // Small and quick unless the case sets these options itself.
                for (String[] option : new String[][] {{"--steps", "2"}, {"--height", "32"}, {"--width", "32"}}) {
                    if (!extraArgs.contains(option[0])) {
                        args.addAll(List.of(option));
                    }
                }
            }
            args.addAll(extraArgs);
            args.add("--plugins-dir");
            args.add(pluginsDir.toString());
            return args.toArray(String[]::new);
        }
    }

    private static final String UNET = "unet/diffusion_pytorch_model.safetensors";
    private static final String VAE = "vae/diffusion_pytorch_model.safetensors";
    private static final String TEXT_ENCODER = "text_encoder/model.safetensors";

    private MalformedInputs() {}

    /** Every case. */
    public static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        weights(cases);
        configs(cases);
        tokenizers(cases);
        classifiers(cases);
        loras(cases);
        yaml(cases);
        options(cases);
        promptFiles(cases);
        return cases;
    }

    /** Prompt files that are no text file of one prompt per line (read at validation, before anything loads). */
    private static void promptFiles(List<Case> cases) {
        promptFile(cases, "missing", w -> {});
        promptFile(cases, "a folder", w -> Files.createDirectories(w.root().resolve("prompts.txt")));
        promptFile(cases, "binary with NUL bytes", w -> w.write(w.root().resolve("prompts.txt"), random(4096, 11)));
        promptFile(
                cases,
                "not UTF-8",
                w -> w.write(w.root().resolve("prompts.txt"), new byte[] {'a', ' ', (byte) 0xC3, (byte) 0x28, '\n'}));
        promptFile(
                cases,
                "a line longer than any prompt",
                w -> w.write(w.root().resolve("prompts.txt"), "a".repeat(PromptSource.MAX_LINE_CHARS + 1) + "\n"));
        promptFile(
                cases,
                "larger than the limit",
                w -> w.write(
                        w.root().resolve("prompts.txt"),
                        ("a circle on a blue background\n").repeat((int) (PromptSource.MAX_FILE_BYTES / 30) + 2)));
        promptFile(
                cases,
                "control characters",
                w -> w.write(w.root().resolve("prompts.txt"), "a circle\u0007 on a blue background\n"));
    }

    private static void promptFile(List<Case> cases, String name, Setup file) {
        cases.add(new Case(
                Kind.PROMPT_FILE,
                name,
                Command.VALIDATE,
                w -> {
                    file.apply(w);
                    w.editExperiment(e -> e.replace("train: [a circle on a blue background]", "train: prompts.txt"));
                },
                "prompts.txt"));
    }

    private static void weights(List<Case> cases) {
        for (String file : List.of(UNET, VAE, TEXT_ENCODER)) {
            String name = file.substring(file.lastIndexOf('/') + 1);
            weight(cases, file, "empty", b -> new byte[0], name);
            weight(cases, file, "truncated to 4 bytes", b -> Arrays.copyOf(b, 4), name);
            weight(cases, file, "truncated to mid-data", b -> Arrays.copyOf(b, b.length / 2), name);
            weight(cases, file, "random bytes", b -> random(b.length, 1), name);
        }
        weight(cases, UNET, "truncated after the length", b -> Arrays.copyOf(b, 8), "diffusion_pytorch_model");
        weight(cases, UNET, "truncated inside the header", b -> Arrays.copyOf(b, 200), "diffusion_pytorch_model");
        weight(cases, UNET, "truncated at 100,000 bytes", b -> Arrays.copyOf(b, 100_000), "diffusion_pytorch_model");
        weight(cases, UNET, "one byte short", b -> Arrays.copyOf(b, b.length - 1), "diffusion_pytorch_model");
        weight(cases, UNET, "header length past the end", b -> withLength(b, b.length), "diffusion_pytorch_model");
        weight(cases, UNET, "header length zero", b -> withLength(b, 0), "diffusion_pytorch_model");
        weight(cases, UNET, "header length 2^40", b -> withLength(b, 1L << 40), "diffusion_pytorch_model");
        weight(
                cases,
                UNET,
                "header not JSON",
                b -> withHeader(b, "not json at all {".repeat(4)),
                "diffusion_pytorch_model");
        weight(cases, UNET, "header a JSON array", b -> withHeader(b, "[1, 2, 3]"), "diffusion_pytorch_model");
        weight(
                cases,
                UNET,
                "header not UTF-8",
                b -> withHeaderBytes(b, new byte[] {'{', '"', (byte) 0xC3, '"', ':', '1', '}'}),
                "diffusion_pytorch_model");
        weight(
                cases,
                UNET,
                "unknown dtype",
                b -> editHeader(b, h -> firstTensor(h).addProperty("dtype", "F128")),
                "F128");
        weight(
                cases,
                UNET,
                "dtype a number",
                b -> editHeader(b, h -> firstTensor(h).addProperty("dtype", 32)),
                "dtype");
        weight(
                cases,
                UNET,
                "shape does not match the offsets",
                b -> editHeader(b, h -> firstTensor(h).add("shape", array(3, 3, 3, 3))),
                "data_offsets");
        weight(
                cases,
                UNET,
                "negative shape",
                b -> editHeader(b, h -> firstTensor(h).add("shape", array(-4))),
                "negative");
        weight(
                cases,
                UNET,
                "offsets reversed",
                b -> editHeader(b, h -> {
                    JsonArray offsets = firstTensor(h).getAsJsonArray("data_offsets");
                    firstTensor(h)
                            .add(
                                    "data_offsets",
                                    array(
                                            offsets.get(1).getAsLong(),
                                            offsets.get(0).getAsLong()));
                }),
                "reversed");
        weight(
                cases,
                UNET,
                "offsets outside the file",
                b -> editHeader(b, h -> {
                    JsonObject t = firstTensor(h);
                    long length = t.getAsJsonArray("data_offsets").get(1).getAsLong()
                            - t.getAsJsonArray("data_offsets").get(0).getAsLong();
                    t.add("data_offsets", array(b.length * 2L, b.length * 2L + length));
                }),
                "data_offsets");
        weight(
                cases,
                UNET,
                "overlapping offsets",
                b -> editHeader(b, h -> {
                    List<JsonObject> tensors = tensors(h);
                    JsonObject a = tensors.get(0);
                    JsonObject other = tensors.stream()
                            .filter(t -> t != a
                                    && t.get("dtype").equals(a.get("dtype"))
                                    && t.get("shape").equals(a.get("shape")))
                            .findFirst()
                            .orElseThrow();
                    other.add("data_offsets", a.get("data_offsets").deepCopy());
                }),
                "overlap");
        weight(
                cases,
                UNET,
                "metadata not strings",
                b -> editHeader(b, h -> {
                    JsonObject metadata = new JsonObject();
                    metadata.addProperty("format", 5);
                    h.add("__metadata__", metadata);
                }),
                "__metadata__");
        weight(cases, UNET, "NaN weights", b -> withValues(b, Float.NaN), "NaN");
        weight(cases, UNET, "infinite weights", b -> withValues(b, Float.POSITIVE_INFINITY), "infinite");
        weight(cases, VAE, "NaN weights", b -> withValues(b, Float.NaN), "NaN");
        weight(
                cases,
                UNET,
                "a tensor renamed",
                b -> editHeader(b, h -> {
                    String first = h.keySet().stream()
                            .filter(k -> !k.equals("__metadata__"))
                            .findFirst()
                            .orElseThrow();
                    h.add("renamed." + first, h.remove(first));
                }),
                "diffusion_pytorch_model");
        weight(
                cases,
                UNET,
                "a tensor missing",
                b -> editHeader(
                        b,
                        h -> h.remove(h.keySet().stream()
                                .filter(k -> !k.equals("__metadata__"))
                                .findFirst()
                                .orElseThrow())),
                "missing keys");
        weight(
                cases,
                TEXT_ENCODER,
                "the UNet's weights instead",
                b -> {
                    try {
                        return Files.readAllBytes(TestData.path("tiny-sd/" + UNET));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                },
                "model.safetensors");
    }

    private static void configs(List<Case> cases) {
        for (String file : List.of(
                "unet/config.json",
                "vae/config.json",
                "text_encoder/config.json",
                "model_index.json",
                "scheduler/scheduler_config.json")) {
            String name = file.substring(file.lastIndexOf('/') + 1);
            cases.add(new Case(
                    Kind.CONFIG,
                    file + ": truncated JSON",
                    Command.GENERATE,
                    w -> w.write(w.model(file), "{\"_class_name\": \"StableDiffusionPipeline\", \"in_chan"),
                    name));
            cases.add(new Case(
                    Kind.CONFIG,
                    file + ": a JSON array",
                    Command.GENERATE,
                    w -> w.write(w.model(file), "[1, 2]"),
                    name));
            cases.add(new Case(
                    Kind.CONFIG,
                    file + ": not UTF-8",
                    Command.GENERATE,
                    w -> w.write(w.model(file), new byte[] {'{', '"', (byte) 0xFF, (byte) 0xFE, '"', ':', '1', '}'}),
                    name));
        }
        config(cases, "unet/config.json", "in_channels a string", j -> prop(j, "in_channels", "four"));
        config(cases, "unet/config.json", "in_channels 0", j -> prop(j, "in_channels", 0));
        config(
                cases,
                "unet/config.json",
                "block_out_channels 2^30",
                j -> with(j, "block_out_channels", array(1L << 30, 1L << 30)));
        config(cases, "unet/config.json", "cross_attention_dim -1", j -> prop(j, "cross_attention_dim", -1));
        config(cases, "vae/config.json", "latent_channels a list", j -> with(j, "latent_channels", array(4)));
        config(cases, "vae/config.json", "scaling_factor 0", j -> prop(j, "scaling_factor", 0));
        config(cases, "text_encoder/config.json", "hidden_size 0", j -> prop(j, "hidden_size", 0));
        config(cases, "text_encoder/config.json", "vocab_size 10^12", j -> prop(j, "vocab_size", 1e12));
        config(
                cases,
                "text_encoder/config.json",
                "num_attention_heads does not divide hidden_size",
                j -> prop(j, "num_attention_heads", 7));
        config(cases, "model_index.json", "no _class_name", j -> {
            j.remove("_class_name");
            return j;
        });
        cases.add(new Case(
                Kind.CONFIG,
                "model_index.json: an unknown pipeline class",
                Command.GENERATE,
                w -> w.editJson("model_index.json", j -> prop(j, "_class_name", "FluxPipeline")),
                "FluxPipeline"));
        config(cases, "model_index.json", "the unet entry a number", j -> prop(j, "unet", 5));
        cases.add(new Case(
                Kind.CONFIG,
                "model_index.json: a component folder missing",
                Command.GENERATE,
                w -> deleteTree(w.model("vae")),
                "vae"));
        config(
                cases,
                "scheduler/scheduler_config.json",
                "num_train_timesteps 0",
                j -> prop(j, "num_train_timesteps", 0));
        config(
                cases,
                "scheduler/scheduler_config.json",
                "num_train_timesteps 10^9",
                j -> prop(j, "num_train_timesteps", 1_000_000_000));
        config(
                cases,
                "scheduler/scheduler_config.json",
                "an unknown beta_schedule",
                j -> prop(j, "beta_schedule", "cosine-ish"));
        config(cases, "scheduler/scheduler_config.json", "beta_end 5", j -> prop(j, "beta_end", 5));
        config(
                cases,
                "scheduler/scheduler_config.json",
                "prediction_type a number",
                j -> prop(j, "prediction_type", 3));
        cases.add(new Case(
                Kind.CONFIG,
                "scheduler_config.json: beta_start NaN",
                Command.GENERATE,
                w -> w.write(
                        w.model("scheduler/scheduler_config.json"),
                        Files.readString(w.model("scheduler/scheduler_config.json"))
                                .replaceFirst("\"beta_start\": [0-9.e-]+", "\"beta_start\": NaN")),
                "beta_start"));
    }

    private static void tokenizers(List<Case> cases) {
        tokenizer(
                cases,
                "vocab.json truncated",
                "vocab.json",
                w -> w.write(w.model("tokenizer/vocab.json"), "{\"a\": 1, \"b"));
        tokenizer(cases, "vocab.json a list", "vocab.json", w -> w.write(w.model("tokenizer/vocab.json"), "[1]"));
        tokenizer(cases, "vocab.json empty", "vocab.json", w -> w.write(w.model("tokenizer/vocab.json"), "{}"));
        tokenizer(
                cases,
                "vocab.json with text ids",
                "vocab.json",
                w -> w.write(w.model("tokenizer/vocab.json"), "{\"a\": \"one\"}"));
        tokenizer(
                cases,
                "vocab.json with negative ids",
                "vocab.json",
                w -> w.write(
                        w.model("tokenizer/vocab.json"), "{\"a\": -5, \"<|endoftext|>\": 1, \"<|startoftext|>\": 2}"));
        tokenizer(
                cases,
                "merges.txt not UTF-8",
                "merges.txt",
                w -> w.write(w.model("tokenizer/merges.txt"), random(4096, 7)));
        tokenizer(
                cases,
                "model_max_length 10^12",
                "model_max_length",
                w -> w.editJson(
                        "tokenizer/tokenizer_config.json", j -> prop(j, "model_max_length", 1_000_000_000_000L)));
        tokenizer(
                cases,
                "model_max_length a string",
                "model_max_length",
                w -> w.editJson("tokenizer/tokenizer_config.json", j -> prop(j, "model_max_length", "long")));
        tokenizer(
                cases,
                "model_max_length 1",
                "model_max_length",
                w -> w.editJson("tokenizer/tokenizer_config.json", j -> prop(j, "model_max_length", 1)));
        tokenizer(
                cases,
                "an unknown tokenizer_class",
                "tokenizer_class",
                w -> w.editJson("tokenizer/tokenizer_config.json", j -> prop(j, "tokenizer_class", "T5Tokenizer")));
        tokenizer(
                cases,
                "tokenizer_class a list",
                "tokenizer_class",
                w -> w.editJson("tokenizer/tokenizer_config.json", j -> with(j, "tokenizer_class", array(1, 2))));
        tokenizer(
                cases,
                "a special token not in the vocabulary",
                "<|nowhere|>",
                w -> w.write(w.model("tokenizer/special_tokens_map.json"), "{\"bos_token\": \"<|nowhere|>\"}"));
        tokenizer(cases, "merges.txt missing", "merges.txt", w -> Files.delete(w.model("tokenizer/merges.txt")));
    }

    private static void classifiers(List<Case> cases) {
        classifier(cases, "random bytes as TorchScript", "classifier.pt", random(2048, 3));
        classifier(cases, "an empty TorchScript file", "classifier.pt", new byte[0]);
        classifier(cases, "a zip that is no TorchScript", "classifier.pt", zipWith("hello.txt"));
        classifier(cases, "random bytes as ONNX", "classifier.onnx", random(2048, 4));
        cases.add(new Case(
                Kind.CLASSIFIER,
                "a truncated TorchScript model",
                Command.RUN,
                w -> {
                    byte[] real = Files.readAllBytes(TestData.path("classifiers/red-detector.pt"));
                    w.write(w.root().resolve("classifier.pt"), Arrays.copyOf(real, real.length / 2));
                    useClassifier(w, "classifier.pt");
                },
                "classifier.pt"));
    }

    private static void loras(List<Case> cases) {
        lora(
                cases,
                "the UNet's weights as a LoRA",
                "unet-as-lora",
                w -> Files.copy(TestData.path("tiny-sd/" + UNET), w.root().resolve("unet-as-lora.safetensors")),
                "");
        lora(cases, "random bytes", "noise", w -> w.write(w.root().resolve("noise.safetensors"), random(5000, 5)), "");
        lora(
                cases,
                "an SDXL LoRA on an SD model",
                "kohya_rank4_alpha2",
                w -> Files.copy(
                        TestData.path("tiny-sdxl/lora/kohya_rank4_alpha2.safetensors"),
                        w.root().resolve("kohya_rank4_alpha2.safetensors")),
                "");
        lora(
                cases,
                "an empty safetensors file",
                "empty",
                w -> w.write(w.root().resolve("empty.safetensors"), safetensors("{}", new byte[0])),
                "");
        lora(
                cases,
                "NaN in a LoRA matrix",
                "nan-lora",
                w -> w.write(
                        w.root().resolve("nan-lora.safetensors"),
                        withValues(
                                Files.readAllBytes(TestData.path("tiny-sd/lora/peft_rank4.safetensors")), Float.NaN)),
                "");
        lora(
                cases,
                "scale NaN",
                "peft",
                w -> Files.copy(
                        TestData.path("tiny-sd/lora/peft_rank4.safetensors"),
                        w.root().resolve("peft.safetensors")),
                ":NaN");
        lora(
                cases,
                "scale nan",
                "peft",
                w -> Files.copy(
                        TestData.path("tiny-sd/lora/peft_rank4.safetensors"),
                        w.root().resolve("peft.safetensors")),
                ":nan");
        lora(
                cases,
                "scale Infinity",
                "peft",
                w -> Files.copy(
                        TestData.path("tiny-sd/lora/peft_rank4.safetensors"),
                        w.root().resolve("peft.safetensors")),
                ":Infinity");
        lora(cases, "a missing file", "nowhere", w -> {}, "");
        cases.add(new Case(
                Kind.LORA,
                "a run folder whose adapter is truncated",
                Command.EVAL,
                w -> {
                    byte[] real = Files.readAllBytes(w.adapter());
                    w.write(w.adapter(), Arrays.copyOf(real, real.length - 10));
                },
                "final.safetensors"));
        cases.add(new Case(
                Kind.LORA,
                "a run folder whose adapter is random bytes",
                Command.EVAL,
                w -> w.write(w.adapter(), random(3000, 9)),
                "final.safetensors"));
        cases.add(new Case(
                Kind.LORA,
                "a run folder whose adapter holds NaN",
                Command.EVAL,
                w -> w.write(w.adapter(), withValues(Files.readAllBytes(w.adapter()), Float.NaN)),
                "final.safetensors"));
    }

    private static void yaml(List<Case> cases) {
        yamlCase(cases, "a syntax error", w -> w.experiment("name: exp\nbackbone: [unclosed\n"));
        yamlCase(cases, "a list instead of a map", w -> w.experiment("- a\n- b\n"));
        yamlCase(cases, "a duplicate key", w -> w.editExperiment(y -> y + "seed: 4\n"));
        yamlCase(
                cases,
                "a tab for indentation",
                w -> w.editExperiment(y -> y.replace("  plugin: sd14", "\tplugin: sd14")));
        yamlCase(
                cases,
                "a Java type tag",
                w -> w.editExperiment(y -> y.replace("seed: 3", "seed: !!javax.script.ScriptEngineManager [3]")));
        yamlCase(cases, "not UTF-8", w -> w.write(w.experiment(), random(512, 11)));
        yamlCase(
                cases,
                "guidance .nan",
                w -> w.editExperiment(y -> y.replace("  steps: 2", "  steps: 2\n  guidance: .nan")));
        yamlCase(cases, "seed .inf", w -> w.editExperiment(y -> y.replace("seed: 3", "seed: .inf")));
        yamlCase(cases, "an alias bomb (48 levels)", w -> w.write(w.experiment(), YamlBombs.billionLaughs(48)));
        yamlCase(cases, "nested 60 levels deep", w -> w.write(w.experiment(), YamlBombs.nested(60)));
        yamlCase(cases, "a 50 MB file", w -> YamlBombs.writeLarge(w.experiment(), 50L << 20));
        yamlCase(
                cases,
                "a 1 MB scalar",
                w -> w.editExperiment(y -> y.replace("name: exp", "name: " + "x".repeat(1 << 20))));
    }

    private static void options(List<Case> cases) {
        option(cases, "--guidance nan", "--guidance", "--guidance", "nan");
        option(cases, "--guidance NaN", "--guidance", "--guidance", "NaN");
        option(cases, "--guidance Infinity", "--guidance", "--guidance", "Infinity");
        option(cases, "--eta NaN", "--eta", "--eta", "NaN");
        option(cases, "--seed text", "--seed", "--seed", "abc");
        option(cases, "--steps 0", "steps", "--steps", "0");
        option(cases, "--height not a multiple of 8", "multiple", "--height", "36");
        cases.add(
                new Case(Kind.OPTION, "--set seed=.nan", Command.VALIDATE, w -> w.args("--set", "seed=.nan"), "seed"));
        cases.add(new Case(
                Kind.OPTION,
                "--set backbone.guidance=.inf",
                Command.VALIDATE,
                w -> w.args("--set", "backbone.guidance=.inf"),
                "guidance"));
    }

    // ---- case builders ----

    private static void weight(
            List<Case> cases, String file, String name, UnaryOperator<byte[]> change, String mustName) {
        cases.add(new Case(
                Kind.WEIGHTS,
                file + ": " + name,
                Command.GENERATE,
                w -> w.write(w.model(file), change.apply(Files.readAllBytes(w.model(file)))),
                mustName));
    }

    private static void config(List<Case> cases, String file, String name, UnaryOperator<JsonObject> edit) {
        cases.add(new Case(
                Kind.CONFIG,
                file + ": " + name,
                Command.GENERATE,
                w -> w.editJson(file, edit),
                file.substring(file.lastIndexOf('/') + 1)));
    }

    private static void tokenizer(List<Case> cases, String name, String mustName, Setup setup) {
        cases.add(new Case(Kind.TOKENIZER, name, Command.GENERATE, setup, mustName));
    }

    private static void classifier(List<Case> cases, String name, String file, byte[] bytes) {
        cases.add(new Case(
                Kind.CLASSIFIER,
                name,
                Command.RUN,
                w -> {
                    w.write(w.root().resolve(file), bytes);
                    useClassifier(w, file);
                },
                file));
    }

    private static void useClassifier(Workspace w, String file) throws IOException {
        w.editExperiment(y -> y.replace("  plugin: good", "  plugin: classifier\n  model: " + file));
    }

    private static void lora(List<Case> cases, String name, String file, Setup setup, String suffix) {
        cases.add(new Case(
                Kind.LORA,
                "--lora " + name,
                Command.GENERATE,
                w -> {
                    setup.apply(w);
                    w.args("--lora", w.root().resolve(file + ".safetensors") + suffix);
                },
                file));
    }

    private static void yamlCase(List<Case> cases, String name, Setup setup) {
        cases.add(new Case(Kind.YAML, name, Command.VALIDATE, setup, "exp.yaml"));
    }

    private static void option(List<Case> cases, String name, String mustName, String... args) {
        cases.add(new Case(Kind.OPTION, name, Command.GENERATE, w -> w.args(args), mustName));
    }

    // ---- file makers ----

    /** Deterministic random bytes. */
    public static byte[] random(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** A safetensors file from header text and data. */
    public static byte[] safetensors(String header, byte[] data) {
        return withHeaderBytes(null, header.getBytes(StandardCharsets.UTF_8), data);
    }

    private static byte[] withLength(byte[] file, long length) {
        byte[] copy = file.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putLong(0, length);
        return copy;
    }

    private static int headerLength(byte[] file) {
        return (int) ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }

    private static byte[] data(byte[] file) {
        return Arrays.copyOfRange(file, 8 + headerLength(file), file.length);
    }

    private static byte[] withHeader(byte[] file, String header) {
        return withHeaderBytes(file, header.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] withHeaderBytes(byte[] file, byte[] header) {
        return withHeaderBytes(file, header, data(file));
    }

    private static byte[] withHeaderBytes(byte[] file, byte[] header, byte[] data) {
        ByteBuffer out = ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(header.length).put(header).put(data);
        return out.array();
    }

    private static JsonObject header(byte[] file) {
        return JsonParser.parseString(new String(file, 8, headerLength(file), StandardCharsets.UTF_8))
                .getAsJsonObject();
    }

    private static byte[] editHeader(byte[] file, java.util.function.Consumer<JsonObject> edit) {
        JsonObject header = header(file);
        edit.accept(header);
        return withHeader(file, new Gson().toJson(header));
    }

    private static List<JsonObject> tensors(JsonObject header) {
        List<JsonObject> tensors = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : header.entrySet()) {
            if (!e.getKey().equals("__metadata__")) {
                tensors.add(e.getValue().getAsJsonObject());
            }
        }
        return tensors;
    }

    private static JsonObject firstTensor(JsonObject header) {
        return tensors(header).get(0);
    }

    /** The file with the first F32 tensor's first four values replaced by {@code value}. */
    private static byte[] withValues(byte[] file, float value) {
        JsonObject tensor = tensors(header(file)).stream()
                .filter(t -> t.get("dtype").getAsString().equals("F32")
                        && t.getAsJsonArray("data_offsets").get(1).getAsLong()
                                        - t.getAsJsonArray("data_offsets")
                                                .get(0)
                                                .getAsLong()
                                >= 16)
                .findFirst()
                .orElseThrow();
        byte[] copy = file.clone();
        int at = 8
                + headerLength(file)
                + (int) tensor.getAsJsonArray("data_offsets").get(0).getAsLong();
        ByteBuffer buffer = ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 4; i++) {
            buffer.putFloat(at + 4 * i, value);
        }
        return copy;
    }

    private static JsonArray array(long... values) {
        JsonArray a = new JsonArray();
        for (long v : values) {
            a.add(v);
        }
        return a;
    }

    private static JsonObject prop(JsonObject json, String key, Object value) {
        if (value instanceof Number n) {
            json.addProperty(key, n);
        } else {
            json.addProperty(key, String.valueOf(value));
        }
        return json;
    }

    private static JsonObject with(JsonObject json, String key, JsonElement value) {
        json.add(key, value);
        return json;
    }

    private static byte[] zipWith(String entry) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            zip.putNextEntry(new java.util.zip.ZipEntry(entry));
            zip.write("not a model".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void deleteTree(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
