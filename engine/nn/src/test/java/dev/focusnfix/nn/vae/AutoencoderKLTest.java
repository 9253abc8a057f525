package dev.focusnfix.nn.vae;

import static dev.focusnfix.api.testkit.TensorAssert.assertMatchesReference;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.nn.weights.StateDict;
import dev.focusnfix.nn.weights.WeightsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AutoencoderKLTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private AutoencoderKL tinySd() throws IOException {
        return AutoencoderKL.load(TestData.path("tiny-sd/vae"), null, manager, DataType.FLOAT32);
    }

    @Test
    void decodeMatchesTheReference() throws IOException {
        AutoencoderKL vae = tinySd();
        assertEquals(0.18215, vae.scalingFactor());
        try (StateDict expected =
                        StateDict.read(TestData.path("tiny-sd/expected/vae.safetensors"), manager, DataType.FLOAT32);
                NDManager scope = manager.newSubManager()) {
            NDArray latents = expected.get("latents").duplicate();
            latents.attach(scope);
            NDArray decoded = vae.decode(latents);
            assertMatchesReference("decoded", expected.get("decoded"), decoded);
            // The scaled entry point divides by the scaling factor first.
            NDArray viaScaled = vae.decodeScaled(latents.mul(vae.scalingFactor()));
            assertMatchesReference("decodeScaled", expected.get("decoded"), viaScaled);
        }
    }

    @Test
    void encodeMatchesTheReferencePosterior() throws IOException {
        AutoencoderKL vae = tinySd();
        try (StateDict expected =
                        StateDict.read(TestData.path("tiny-sd/expected/vae.safetensors"), manager, DataType.FLOAT32);
                NDManager scope = manager.newSubManager()) {
            NDArray image = expected.get("image").duplicate();
            image.attach(scope);
            LatentDistribution posterior = vae.encode(image);
            assertMatchesReference("posterior_mean", expected.get("posterior_mean"), posterior.mean());
            assertMatchesReference("posterior_std", expected.get("posterior_std"), posterior.std());
            NDArray noise = scope.ones(posterior.mean().getShape());
            assertMatchesReference(
                    "sample",
                    expected.get("posterior_mean").add(expected.get("posterior_std")),
                    posterior.sample(noise));
        }
    }

    @Test
    void otherFixtureAutoencodersLoadWithEveryWeightUsed() throws IOException {
        for (String folder : new String[] {"tiny-ldm/vqvae", "tiny-sdxl/vae"}) {
            AutoencoderKL vae = AutoencoderKL.load(TestData.path(folder), null, manager, DataType.FLOAT32);
            assertEquals(180, vae.parameters().size(), folder);
            try (NDManager scope = manager.newSubManager()) {
                NDArray decoded = vae.decode(scope.zeros(new Shape(1, 4, 8, 8)));
                assertEquals(new Shape(1, 3, 64, 64), decoded.getShape(), folder);
            }
        }
        AutoencoderKL sdxl = AutoencoderKL.load(TestData.path("tiny-sdxl/vae"), null, manager, DataType.FLOAT32);
        assertEquals(0.13025, sdxl.scalingFactor());
    }

    @Test
    void olderAttentionNamesLoadToTheSameNetwork() throws IOException {
        AutoencoderKL reference = tinySd();
        Map<String, NDArray> renamed = new LinkedHashMap<>();
        try (StateDict weights =
                StateDict.readComponent(TestData.path("tiny-sd/vae"), null, manager, DataType.FLOAT32)) {
            for (String key : weights.keys()) {
                String old = key.replace(".to_q.", ".query.")
                        .replace(".to_k.", ".key.")
                        .replace(".to_v.", ".value.")
                        .replace(".to_out.0.", ".proj_attn.");
                renamed.put(old, weights.get(key));
            }
        }
        assertTrue(renamed.containsKey("decoder.mid_block.attentions.0.proj_attn.weight"));
        AutoencoderKL old = new AutoencoderKL(reference.config());
        try (StateDict legacy = StateDict.of(renamed)) {
            old.loadChecked(legacy);
        }
        try (StateDict expected =
                        StateDict.read(TestData.path("tiny-sd/expected/vae.safetensors"), manager, DataType.FLOAT32);
                NDManager scope = manager.newSubManager()) {
            NDArray latents = expected.get("latents").duplicate();
            latents.attach(scope);
            assertMatchesReference("decoded (legacy names)", expected.get("decoded"), old.decode(latents));
        }
    }

    @Test
    void unusedOrMissingWeightsAreReported() throws IOException {
        AutoencoderKLConfig config = AutoencoderKLConfig.read(TestData.path("tiny-sd/vae"));
        try (StateDict weights =
                StateDict.readComponent(TestData.path("tiny-sd/vae"), null, manager, DataType.FLOAT32)) {
            Map<String, NDArray> extra = new LinkedHashMap<>();
            for (String key : weights.keys()) {
                extra.put(key, weights.get(key));
            }
            extra.put("encoder.extra.weight", manager.zeros(new Shape(2)));
            WeightsException unused = assertThrows(
                    WeightsException.class, () -> new AutoencoderKL(config).loadChecked(StateDict.of(extra)));
            assertTrue(unused.getMessage().contains("encoder.extra.weight"), unused.getMessage());

            extra.remove("encoder.extra.weight");
            extra.remove("quant_conv.weight");
            WeightsException missing = assertThrows(
                    WeightsException.class, () -> new AutoencoderKL(config).loadChecked(StateDict.of(extra)));
            assertTrue(missing.getMessage().contains("quant_conv.weight"), missing.getMessage());
        }
    }

    @Test
    void configOptionsShapeTheNetwork() throws IOException {
        JsonObject json = tinySdJson();
        json.addProperty("use_quant_conv", false);
        json.addProperty("use_post_quant_conv", false);
        json.addProperty("mid_block_add_attention", false);
        AutoencoderKL bare = new AutoencoderKL(AutoencoderKLConfig.fromJson(json, "test config"));
        assertFalse(bare.parameters().keySet().stream().anyMatch(k -> k.contains("quant_conv")));
        assertFalse(bare.parameters().keySet().stream().anyMatch(k -> k.contains("attentions")));
        assertEquals(8, AutoencoderKLConfig.fromJson(tinySdJson(), "t").downsamplingFactor());
    }

    @Test
    void unsupportedConfigValuesNameTheKey() throws IOException {
        assertConfigError(
                "down_block_types",
                "[\"AttnDownEncoderBlock2D\", \"DownEncoderBlock2D\","
                        + " \"DownEncoderBlock2D\", \"DownEncoderBlock2D\"]",
                "down_block_types",
                "AttnDownEncoderBlock2D",
                "DownEncoderBlock2D");
        assertConfigError("up_block_types", "[\"UpDecoderBlock2D\"]", "up_block_types", "1 entries");
        assertConfigError("act_fn", "\"mish\"", "act_fn", "\"mish\"", "silu");
        assertConfigError("norm_num_groups", "5", "norm_num_groups", "5");
        assertConfigError("layers_per_block", "\"two\"", "layers_per_block", "an integer");
        assertConfigError("_class_name", "\"VQModel\"", "_class_name", "VQModel", "AutoencoderKL");
        assertConfigError("norm_type", "\"spatial\"", "unknown key \"norm_type\"");
    }

    private void assertConfigError(String key, String value, String... fragments) throws IOException {
        JsonObject json = tinySdJson();
        json.add(key, JsonParser.parseString(value));
        VaeConfigException e =
                assertThrows(VaeConfigException.class, () -> AutoencoderKLConfig.fromJson(json, "test config"));
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "\"" + e.getMessage() + "\" should contain \"" + f + "\"");
        }
    }

    private static JsonObject tinySdJson() throws IOException {
        return JsonParser.parseString(
                        Files.readString(TestData.path("tiny-sd/vae/config.json"), StandardCharsets.UTF_8))
                .getAsJsonObject();
    }

    @Test
    void gradientsReachTheLatents() throws IOException {
        AutoencoderKL vae = tinySd();
        try (NDManager scope = manager.newSubManager()) {
            NDArray latents = scope.randomNormal(new Shape(1, 4, 8, 8));
            latents.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray image = vae.decode(latents);
                collector.backward(image.mean());
            }
            NDArray grad = latents.getGradient();
            assertTrue(grad.abs().sum().getFloat() > 0, "decode is differentiable in the latents");
        }
    }
}
