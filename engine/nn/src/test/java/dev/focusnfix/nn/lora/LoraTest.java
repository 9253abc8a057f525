package dev.focusnfix.nn.lora;

import static dev.focusnfix.api.testkit.TensorAssert.assertClose;
import static dev.focusnfix.api.testkit.TensorAssert.assertMatchesReference;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import dev.focusnfix.nn.layers.Linear;
import dev.focusnfix.nn.module.Parameter;
import dev.focusnfix.nn.unet.UNet2DConditionModel;
import dev.focusnfix.nn.weights.SafetensorsReader;
import dev.focusnfix.nn.weights.StateDict;
import dev.focusnfix.nn.weights.WeightsException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LoRA against diffusers' reference outputs, plus scale, merge, save/load and combination properties. */
class LoraTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** The UNet of a fixture model, and the LoRA reference inputs and outputs. */
    private final class Fixture {
        final String model;
        final UNet2DConditionModel unet;
        final Map<String, NDArray> expected = new java.util.HashMap<>();
        final UNet2DConditionModel.AddedConditions added;

        Fixture(String model) throws Exception {
            this.model = model;
            unet = UNet2DConditionModel.load(TestData.path(model + "/unet"), null, manager, DataType.FLOAT32);
            try (StateDict lora = StateDict.read(
                            TestData.path(model + "/expected/unet_lora.safetensors"), manager, DataType.FLOAT32);
                    StateDict plain = StateDict.read(
                            TestData.path(model + "/expected/unet.safetensors"), manager, DataType.FLOAT32)) {
                for (String key : lora.keys()) {
                    expected.put(key, lora.get(key));
                }
                // The LoRA references reuse the plain UNet inputs; SDXL's added conditions are stored only there.
                added = plain.contains("text_embeds")
                        ? new UNet2DConditionModel.AddedConditions(plain.get("text_embeds"), plain.get("time_ids"))
                        : null;
            }
        }

        Path lora(String file) {
            return TestData.path(model + "/lora/" + file);
        }

        NDArray forward() {
            return unet.forward(
                    expected.get("sample"), expected.get("timestep"), expected.get("encoder_hidden_states"), added);
        }
    }

    @Test
    void peftLoraMatchesDiffusersOnTinySd() throws Exception {
        assertReference("tiny-sd", "peft_rank4.safetensors", "out_peft_scale1", 4, 1.0);
    }

    @Test
    void kohyaLoraMatchesDiffusersOnTinySd() throws Exception {
        assertReference("tiny-sd", "kohya_rank4_alpha2.safetensors", "out_kohya_scale0.5", 4, 0.5);
    }

    @Test
    void peftLoraMatchesDiffusersOnTinySdxl() throws Exception {
        assertReference("tiny-sdxl", "peft_rank4.safetensors", "out_peft_scale1", 4, 1.0);
    }

    @Test
    void kohyaLoraMatchesDiffusersOnTinySdxl() throws Exception {
        assertReference("tiny-sdxl", "kohya_rank4_alpha2.safetensors", "out_kohya_scale0.5", 4, 0.5);
    }

    private void assertReference(String model, String file, String outKey, int rank, double scale) throws Exception {
        Fixture f = new Fixture(model);
        LoraNetwork lora = LoraNetwork.load(f.lora(file), f.unet, "fixture", manager, DataType.FLOAT32);
        // Every attention projection (to_q, to_k, to_v, to_out.0 of attn1 and attn2) is adapted.
        assertEquals(f.unet.attentionModules().size() * 4, lora.adapters().size());
        for (LoraAdapter adapter : lora.adapters().values()) {
            assertEquals(rank, adapter.rank());
            assertEquals(scale, adapter.effectiveScale(), 1e-12);
        }
        assertMatchesReference(model + " " + outKey, f.expected.get(outKey), f.forward());
    }

    @Test
    void scaleZeroGivesTheBaseModelExactlyAndScaleIsChangeableAtRunTime() throws Exception {
        Fixture f = new Fixture("tiny-sd");
        float[] base = f.forward().toFloatArray();
        LoraNetwork lora =
                LoraNetwork.load(f.lora("peft_rank4.safetensors"), f.unet, "peft", manager, DataType.FLOAT32);
        lora.setScale(0);
        assertArrayEquals(base, f.forward().toFloatArray(), 0f);
        lora.setScale(1);
        assertMatchesReference("scale back to 1", f.expected.get("out_peft_scale1"), f.forward());
        lora.detach();
        assertArrayEquals(base, f.forward().toFloatArray(), 0f);
    }

    @Test
    void mergedWeightsGiveTheSameOutputAsTheUnmergedAdapter() throws Exception {
        Fixture f = new Fixture("tiny-sd");
        LoraNetwork lora =
                LoraNetwork.load(f.lora("kohya_rank4_alpha2.safetensors"), f.unet, "kohya", manager, DataType.FLOAT32);
        NDArray unmerged = f.forward();
        lora.merge();
        assertFalse(lora.isAttached());
        for (Linear layer : lora.layers().values()) {
            assertTrue(layer.adapters().isEmpty());
        }
        NDArray merged = f.forward();
        assertClose("merged vs unmerged", unmerged, merged, 1e-5);
        assertMatchesReference("merged kohya", f.expected.get("out_kohya_scale0.5"), merged);
    }

    @Test
    void combiningTwoAdaptersAddsTheirWeightedDeltas() throws Exception {
        Fixture f = new Fixture("tiny-sd");
        String module = "down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_k";
        Linear layer = (Linear) f.unet.modules().get(module);
        float[] theta = layer.weight().array().toFloatArray();

        LoraNetwork peft =
                LoraNetwork.load(f.lora("peft_rank4.safetensors"), f.unet, "peft", manager, DataType.FLOAT32);
        LoraNetwork kohya =
                LoraNetwork.load(f.lora("kohya_rank4_alpha2.safetensors"), f.unet, "kohya", manager, DataType.FLOAT32);
        double a = 0.7;
        double b = 1.3;
        peft.setScale(a);
        kohya.setScale(b);
        float[] delta1 = product(peft.adapters().get(module));
        float[] delta2 = product(kohya.adapters().get(module));

        NDArray combined = f.forward();
        peft.merge();
        kohya.merge();
        float[] merged = layer.weight().array().toFloatArray();
        for (int i = 0; i < theta.length; i++) {
            double expected = theta[i] + a * 1.0 * delta1[i] + b * 0.5 * delta2[i];
            assertEquals(expected, merged[i], 1e-6, "weight " + i);
        }
        assertClose("combined adapters vs their merged sum", combined, f.forward(), 1e-5);
    }

    /** B @ A of an adapter, computed here element by element. */
    private static float[] product(LoraAdapter adapter) {
        float[] bw = adapter.b().array().toFloatArray();
        float[] aw = adapter.a().array().toFloatArray();
        int out = (int) adapter.b().shape().get(0);
        int r = adapter.rank();
        int in = (int) adapter.a().shape().get(1);
        float[] result = new float[out * in];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                double sum = 0;
                for (int k = 0; k < r; k++) {
                    sum += bw[o * r + k] * aw[k * in + i];
                }
                result[o * in + i] = (float) sum;
            }
        }
        return result;
    }

    @Test
    void newAdaptersStartAsTheBaseModelTrainOnlyTheAdaptersAndFreezeTheBase() throws Exception {
        Fixture f = new Fixture("tiny-sd");
        float[] base = f.forward().toFloatArray();
        LoraNetwork lora = LoraNetwork.create(f.unet, "train", 4, 4, manager, DataType.FLOAT32, 42);
        assertEquals(f.unet.attentionModules().size() * 4, lora.adapters().size());
        assertArrayEquals(base, f.forward().toFloatArray(), 0f); // B = 0

        LoraAdapter first = lora.adapters().values().iterator().next();
        double bound = 1 / Math.sqrt(first.a().shape().get(1));
        for (float v : first.a().array().toFloatArray()) {
            assertTrue(Math.abs(v) <= bound);
        }
        for (float v : first.b().array().toFloatArray()) {
            assertEquals(0f, v);
        }
        LoraNetwork again =
                LoraNetwork.create(new Fixture("tiny-sd").unet, "train", 4, 4, manager, DataType.FLOAT32, 42);
        assertArrayEquals(
                first.a().array().toFloatArray(),
                again.adapters().values().iterator().next().a().array().toFloatArray(),
                0f,
                "seeded");

        for (Parameter p : f.unet.parameters().values()) {
            assertFalse(p.requiresGradient());
        }
        for (Parameter p : lora.parameters().values()) {
            assertTrue(p.requiresGradient());
        }
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray loss = f.forward().square().mean();
            collector.backward(loss);
        }
        float gradB = 0;
        for (LoraAdapter adapter : lora.adapters().values()) {
            gradB += adapter.b().array().getGradient().abs().sum().getFloat();
        }
        assertTrue(gradB > 0, "the up-projections receive gradients");
    }

    @Test
    void saveThenLoadRoundTripsInThePeftFormat(@TempDir Path dir) throws Exception {
        Fixture f = new Fixture("tiny-sd");
        LoraNetwork lora = LoraNetwork.create(f.unet, "trained", 4, 8, manager, DataType.FLOAT32, 7);
        for (LoraAdapter adapter : lora.adapters().values()) {
            // Pretend training moved B away from zero.
            adapter.b().set(manager.randomNormal(0, 0.1f, adapter.b().shape(), DataType.FLOAT32));
        }
        NDArray trained = f.forward();
        Path file = dir.resolve("pytorch_lora_weights.safetensors");
        lora.save(file);

        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            String key = "unet.down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q";
            assertArrayEquals(
                    new long[] {4, 32},
                    reader.entry(key + ".lora_A.weight").djlShape().getShape());
            assertArrayEquals(
                    new long[] {32, 4},
                    reader.entry(key + ".lora_B.weight").djlShape().getShape());
            assertEquals(lora.adapters().size() * 2, reader.names().size());
            Map<String, String> meta = reader.metadata();
            assertEquals("4", meta.get("rank"));
            JsonObject config = JsonParser.parseString(meta.get(LoraCheckpoint.ADAPTER_METADATA_KEY))
                    .getAsJsonObject();
            assertEquals(4, config.get("unet.r").getAsInt());
            // alpha 8 / rank 4 was folded into B, so every reader applies scale 1.
            assertEquals(4, config.get("unet.lora_alpha").getAsInt());
        }

        Fixture fresh = new Fixture("tiny-sd");
        LoraNetwork loaded = LoraNetwork.load(file, fresh.unet, "loaded", manager, DataType.FLOAT32);
        assertEquals(lora.adapters().keySet(), loaded.adapters().keySet());
        assertClose("reloaded LoRA output", trained, fresh.forward(), 1e-6);
    }

    @Test
    void loraThatDoesNotFitTheModelListsEveryProblem(@TempDir Path dir) throws Exception {
        Fixture f = new Fixture("tiny-sd");
        Path file = dir.resolve("bad.safetensors");
        Map<String, NDArray> tensors = new java.util.LinkedHashMap<>();
        tensors.put(
                "unet.mid_block.attentions.0.transformer_blocks.0.attn1.to_q.lora_A.weight",
                manager.zeros(new Shape(4, 99)));
        tensors.put(
                "unet.mid_block.attentions.0.transformer_blocks.0.attn1.to_q.lora_B.weight",
                manager.zeros(new Shape(64, 4)));
        tensors.put("unet.nowhere.to_q.lora_A.weight", manager.zeros(new Shape(4, 64)));
        tensors.put("unet.nowhere.to_q.lora_B.weight", manager.zeros(new Shape(64, 4)));
        dev.focusnfix.nn.weights.SafetensorsWriter.write(file, tensors, Map.of());
        WeightsException e = assertThrows(
                WeightsException.class, () -> LoraNetwork.load(file, f.unet, "bad", manager, DataType.FLOAT32));
        assertTrue(e.getMessage().contains("mid_block.attentions.0.transformer_blocks.0.attn1.to_q"), e.getMessage());
        assertTrue(e.getMessage().contains("nowhere.to_q"), e.getMessage());
    }

    @Test
    void kohyaSdxlFileWithSgmBlockNamesGivesDiffusersOutput() throws Exception {
        // The same tensors as kohya_rank4_alpha2 under kohya-ss's SDXL names (input_blocks_4_1_..., middle_block_1,
        // output_blocks_N_1): the reference output is diffusers' for the diffusers-named file.
        assertReference("tiny-sdxl", "kohya_sgm_rank4_alpha2.safetensors", "out_kohya_scale0.5", 4, 0.5);
    }

    @Test
    void sgmBlockNamesMapAsDiffusersMapsThem() throws Exception {
        // sgm_names_expected.json is the output of diffusers' _maybe_map_sgm_blocks_to_diffusers (make_sgm_names.py).
        JsonObject expected = JsonParser.parseString(
                        java.nio.file.Files.readString(TestData.path("tiny-sdxl/lora/sgm_names_expected.json")))
                .getAsJsonObject();
        JsonObject names = expected.getAsJsonObject("names");
        Map<String, String> ours = SgmBlockNames.toDiffusers(names.keySet(), java.util.List.of(2, 2, 2), "test");
        assertEquals(408, names.size());
        for (String sgm : names.keySet()) {
            assertEquals(names.get(sgm).getAsString(), ours.get(sgm), sgm);
        }
        assertEquals(
                "lora_unet_down_blocks_1_attentions_0_transformer_blocks_0_attn1_to_q.lora_down.weight",
                ours.get("lora_unet_input_blocks_4_1_transformer_blocks_0_attn1_to_q.lora_down.weight"));
        assertEquals(
                "lora_unet_mid_block_attentions_0_transformer_blocks_1_attn2_to_v.alpha",
                ours.get("lora_unet_middle_block_1_transformer_blocks_1_attn2_to_v.alpha"));
        // Keys outside the sgm block structure keep their names; mixed naming is refused.
        assertEquals(
                "lora_unet_time_embed_0.alpha",
                SgmBlockNames.toDiffusers(
                                java.util.List.of(
                                        "lora_unet_time_embed_0.alpha", "lora_unet_output_blocks_2_1_proj_in.alpha"),
                                java.util.List.of(2),
                                "t")
                        .get("lora_unet_time_embed_0.alpha"));
        assertEquals(
                "lora_unet_up_blocks_0_attentions_2_proj_in.alpha",
                SgmBlockNames.toDiffusers(
                                java.util.List.of("lora_unet_output_blocks_2_1_proj_in.alpha"),
                                java.util.List.of(2),
                                "t")
                        .get("lora_unet_output_blocks_2_1_proj_in.alpha"));
        WeightsException mixed = assertThrows(
                WeightsException.class,
                () -> SgmBlockNames.toDiffusers(
                        java.util.List.of(
                                "lora_unet_input_blocks_4_1_proj_in.alpha", "lora_unet_down_blocks_1_x.alpha"),
                        java.util.List.of(2),
                        "mixed.safetensors"));
        assertTrue(mixed.getMessage().contains("mixed.safetensors: mixes SDXL"), mixed.getMessage());
    }

    @Test
    void textEncoderLoraWeightsAreRefusedNotIgnored(@TempDir Path dir) throws Exception {
        Fixture f = new Fixture("tiny-sd");
        for (String teKey : new String[] {
            "lora_te_text_model_encoder_layers_0_self_attn_q_proj.lora_down.weight",
            "text_encoder.text_model.encoder.layers.0.self_attn.q_proj.lora_A.weight"
        }) {
            Path file = dir.resolve("with-te.safetensors");
            try (StateDict unetOnly = StateDict.read(
                    f.lora(teKey.startsWith("lora_te") ? "kohya_rank4_alpha2.safetensors" : "peft_rank4.safetensors"),
                    manager,
                    DataType.FLOAT32)) {
                Map<String, NDArray> tensors = new java.util.LinkedHashMap<>();
                for (String key : unetOnly.keys()) {
                    tensors.put(key, unetOnly.get(key));
                }
                tensors.put(teKey, manager.zeros(new Shape(4, 32)));
                dev.focusnfix.nn.weights.SafetensorsWriter.write(file, tensors, Map.of());
            }
            WeightsException e = assertThrows(
                    WeightsException.class, () -> LoraNetwork.load(file, f.unet, "te", manager, DataType.FLOAT32));
            assertTrue(
                    e.getMessage()
                            .contains("with-te.safetensors: holds 1 text-encoder LoRA weight(s) (e.g. " + teKey + ")"),
                    e.getMessage());
        }
    }
}
