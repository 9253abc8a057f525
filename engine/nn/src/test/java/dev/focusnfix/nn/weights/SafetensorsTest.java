package dev.focusnfix.nn.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.testkit.TestData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {

    @TempDir
    Path dir;

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void roundTripKeepsValuesTypesAndMetadata() throws IOException {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        tensors.put("w", manager.create(new float[] {1.5f, -2.25f, 3e-8f, 7f, 0f, -0f}, new Shape(2, 3)));
        tensors.put("ids", manager.create(new long[] {712, 320, -5, Long.MAX_VALUE}));
        tensors.put("n", manager.create(new int[] {1, -2, 3}));
        tensors.put("scalar", manager.create(42f));
        tensors.put("empty", manager.create(new float[0], new Shape(0, 4)));
        Path file = dir.resolve("out/model.safetensors");
        SafetensorsWriter.write(file, tensors, Map.of("format", "pt", "note", "<é>"));

        try (Stream<Path> leftovers = Files.list(file.getParent())) {
            assertEquals(
                    List.of(file.getFileName()),
                    leftovers.map(Path::getFileName).toList(),
                    "no temp file left");
        }
        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            assertEquals(0, reader.header().dataStart() % 8, "data section is 8-byte aligned");
            assertEquals(SafetensorsDType.F32, reader.entry("w").dtype());
            assertEquals(SafetensorsDType.I64, reader.entry("ids").dtype());
            assertEquals(SafetensorsDType.I32, reader.entry("n").dtype());
        }
        try (StateDict weights = StateDict.read(file, manager, DataType.FLOAT32)) {
            assertEquals(Set.of("w", "ids", "n", "scalar", "empty"), weights.keys());
            assertEquals(Map.of("format", "pt", "note", "<é>"), weights.metadata());
            NDArray w = weights.get("w");
            assertEquals(new Shape(2, 3), w.getShape());
            assertArrayEquals(new float[] {1.5f, -2.25f, 3e-8f, 7f, 0f, -0f}, w.toFloatArray());
            NDArray ids = weights.get("ids");
            assertEquals(DataType.INT64, ids.getDataType(), "index tensors keep their type");
            assertArrayEquals(new long[] {712, 320, -5, Long.MAX_VALUE}, ids.toLongArray());
            assertEquals(DataType.INT32, weights.get("n").getDataType());
            assertArrayEquals(new int[] {1, -2, 3}, weights.get("n").toIntArray());
            assertEquals(new Shape(), weights.get("scalar").getShape());
            assertEquals(42f, weights.get("scalar").getFloat());
            assertEquals(new Shape(0, 4), weights.get("empty").getShape());
            weights.requireAllUsed();
        }
    }

    @Test
    void writerStoresF16AndBf16RoundedToNearestEven() throws IOException {
        float[] values = {1f, -2f, 0.5f, 1f + 0x1p-11f, 1f + 3 * 0x1p-11f, 65504f, 70000f};
        Map<String, NDArray> tensors = Map.of("x", manager.create(values));
        Path f16 = dir.resolve("f16.safetensors");
        Path bf16 = dir.resolve("bf16.safetensors");
        SafetensorsWriter.write(f16, tensors, Map.of(), SafetensorsDType.F16);
        SafetensorsWriter.write(bf16, tensors, Map.of(), SafetensorsDType.BF16);
        try (StateDict h = StateDict.read(f16, manager, DataType.FLOAT32);
                StateDict b = StateDict.read(bf16, manager, DataType.FLOAT32)) {
            assertArrayEquals(
                    new float[] {1f, -2f, 0.5f, 1f, 1f + 0x1p-9f, 65504f, Float.POSITIVE_INFINITY},
                    h.get("x").toFloatArray());
            // bfloat16 keeps 8 significant bits: 1 + 2^-11 and 1 + 3 * 2^-11 both round to 1; 65504 -> 65536.
            assertArrayEquals(
                    new float[] {1f, -2f, 0.5f, 1f, 1f, 65536f, 70144f},
                    b.get("x").toFloatArray());
        }
        try (SafetensorsReader reader = SafetensorsReader.open(f16)) {
            assertEquals(SafetensorsDType.F16, reader.entry("x").dtype());
            assertEquals(14, reader.entry("x").byteLength());
        }
    }

    @Test
    void halfAndBfloat16BitsConvertExactly() throws IOException {
        short[] half = {
            0x3C00, (short) 0xC000, 0x3555, 0x0001, 0x03FF, 0x0400, 0x7BFF, 0x7C00, (short) 0xFC00, (short) 0x8000
        };
        float[] halfExpected = {
            1f,
            -2f,
            0.333251953125f,
            0x1p-24f,
            1023 * 0x1p-24f,
            0x1p-14f,
            65504f,
            Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY,
            -0f
        };
        short[] bf16 = {0x3F80, (short) 0xC040, 0x3EAB, 0x7F7F, 0x0001, (short) 0xFF80};
        float[] bf16Expected = {
            1f,
            -3f,
            0.333984375f,
            Float.intBitsToFloat(0x7F7F0000),
            Float.intBitsToFloat(0x00010000),
            Float.NEGATIVE_INFINITY
        };
        Path file = handMade(
                dir.resolve("half.safetensors"),
                "{\"h\":{\"dtype\":\"F16\",\"shape\":[10],\"data_offsets\":[0,20]},"
                        + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2,3],\"data_offsets\":[20,32]},"
                        + "\"nan\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[32,34]}}",
                shorts(concat(half, bf16, new short[] {0x7E00})));
        try (StateDict weights = StateDict.read(file, manager, DataType.FLOAT32)) {
            NDArray h = weights.get("h");
            assertEquals(DataType.FLOAT32, h.getDataType());
            assertArrayEquals(halfExpected, h.toFloatArray());
            assertArrayEquals(bf16Expected, weights.get("b").toFloatArray());
            assertEquals(new Shape(2, 3), weights.get("b").getShape());
            assertTrue(Float.isNaN(weights.get("nan").getFloat()));
        }
        for (int i = 0; i < half.length; i++) {
            assertEquals(half[i], HalfFloats.floatToHalf(halfExpected[i]), "half encode " + halfExpected[i]);
        }
        for (int i = 0; i < bf16.length; i++) {
            assertEquals(bf16[i], HalfFloats.floatToBfloat16(bf16Expected[i]), "bf16 encode " + bf16Expected[i]);
        }
        // Ties to even at the subnormal end, and rounding up out of the subnormals.
        assertEquals(0x0000, HalfFloats.floatToHalf(0x1p-25f));
        assertEquals(0x0001, HalfFloats.floatToHalf(3 * 0x1p-26f));
        assertEquals(0x0002, HalfFloats.floatToHalf(3 * 0x1p-25f));
        assertEquals(0x0400, HalfFloats.floatToHalf(0x1p-14f - 0x1p-26f));
        assertEquals(0x7C00, HalfFloats.floatToHalf(65520f));
        assertEquals(0x7BFF, HalfFloats.floatToHalf(65519f));
        assertEquals(0x3F82, HalfFloats.floatToBfloat16(1f + 3 * 0x1p-8f));
        // Every half value survives float and back.
        for (int bits = 0; bits < 0x10000; bits++) {
            float f = HalfFloats.halfToFloat((short) bits);
            if (!Float.isNaN(f)) {
                assertEquals((short) bits, HalfFloats.floatToHalf(f), "half " + Integer.toHexString(bits));
            }
        }
    }

    @Test
    void computeDtypeConvertsFloatsOnly() throws IOException {
        Path file = TestData.path("tiny-sd/expected/pipeline_ddim10_cfg7.5.safetensors");
        try (StateDict weights = StateDict.read(file, manager, DataType.FLOAT64)) {
            assertEquals(DataType.FLOAT64, weights.get("timesteps").getDataType());
            assertEquals(DataType.INT64, weights.get("prompt_ids").getDataType());
            assertEquals("10", weights.metadata().get("steps"));
        }
    }

    @Test
    void readsFixtureShapesAndValues() throws IOException {
        try (StateDict expected =
                StateDict.read(TestData.path("tiny-sd/expected/unet.safetensors"), manager, DataType.FLOAT32)) {
            assertEquals(Set.of("encoder_hidden_states", "out", "sample", "timestep"), expected.keys());
            assertEquals(new Shape(2, 77, 32), expected.shape("encoder_hidden_states"));
            assertEquals(new Shape(2, 4, 16, 16), expected.get("sample").getShape());
            assertArrayEquals(new float[] {999f, 37f}, expected.get("timestep").toFloatArray());
            float[] sample = expected.get("sample").toFloatArray();
            assertEquals(-0.5110510587692261f, sample[0]);
            assertEquals(0.24490121006965637f, sample[1]);
        }
        try (StateDict pipeline = StateDict.read(
                TestData.path("tiny-sd/expected/pipeline_ddim10_cfg7.5.safetensors"), manager, DataType.FLOAT32)) {
            long[] ids = pipeline.get("prompt_ids").toLongArray();
            assertArrayEquals(new long[] {712, 320, 640, 647}, java.util.Arrays.copyOf(ids, 4));
        }
        try (StateDict unet = StateDict.readComponent(TestData.path("tiny-sd/unet"), null, manager, DataType.FLOAT32)) {
            assertEquals(494, unet.keys().size());
            assertEquals("pt", unet.metadata().get("format"));
            assertEquals(new Shape(32, 4, 3, 3), unet.get("conv_in.weight").getShape());
            assertEquals(new Shape(32), unet.get("conv_in.bias").getShape());
        }
    }

    // ---- malformed files: each gives a WeightsException naming the file and the problem ----

    @Test
    void truncatedDataIsReported() throws IOException {
        Path file = dir.resolve("truncated.safetensors");
        SafetensorsWriter.write(file, Map.of("a", manager.ones(new Shape(4, 4))), Map.of());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 10);
        }
        assertMalformed(file, "outside the data section", "truncated");
    }

    @Test
    void headerLengthPastTheEndIsReported() throws IOException {
        Path file = dir.resolve("long-header.safetensors");
        ByteBuffer bytes =
                ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1000);
        Files.write(file, bytes.array());
        assertMalformed(file, "header length 1000", "past the end");

        Path huge = dir.resolve("huge-header.safetensors");
        Files.write(
                huge,
                ByteBuffer.allocate(40)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .putLong(0, -1L)
                        .array());
        assertMalformed(huge, "header length");

        Path tooShort = dir.resolve("short.safetensors");
        Files.write(tooShort, new byte[] {1, 2, 3});
        assertMalformed(tooShort, "only 3 bytes");

        Path notSafetensors = dir.resolve("pickle.safetensors");
        Files.write(
                notSafetensors,
                "PK\u0003\u0004 this is a zip archive, not safetensors".getBytes(StandardCharsets.ISO_8859_1));
        assertMalformed(notSafetensors, "header length");
    }

    @Test
    void overlappingOffsetsAreReported() throws IOException {
        Path file = handMade(
                dir.resolve("overlap.safetensors"),
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[8,24]}}",
                new byte[24]);
        assertMalformed(file, "\"a\"", "\"b\"", "overlap");
    }

    @Test
    void offsetsOutsideTheDataSectionAreReported() throws IOException {
        Path file = handMade(
                dir.resolve("outside.safetensors"),
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[8,24]}}",
                new byte[16]);
        assertMalformed(file, "\"a\"", "[8, 24]", "outside the data section of 16 bytes");

        Path reversed = handMade(
                dir.resolve("reversed.safetensors"),
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,0]}}",
                new byte[16]);
        assertMalformed(reversed, "\"a\"", "reversed");
    }

    @Test
    void unknownDtypeIsReported() throws IOException {
        Path file = handMade(
                dir.resolve("dtype.safetensors"),
                "{\"a\":{\"dtype\":\"Q4_K\",\"shape\":[4],\"data_offsets\":[0,16]}}",
                new byte[16]);
        assertMalformed(file, "\"a\"", "unknown dtype \"Q4_K\"", "F32");
    }

    @Test
    void shapeLengthMismatchIsReported() throws IOException {
        Path file = handMade(
                dir.resolve("mismatch.safetensors"),
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,16]}}",
                new byte[16]);
        assertMalformed(file, "\"a\"", "needs 12 bytes", "give 16");

        Path negative = handMade(
                dir.resolve("negative.safetensors"),
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[-4],\"data_offsets\":[0,16]}}",
                new byte[16]);
        assertMalformed(negative, "\"a\"", "negative");

        Path overflow = handMade(
                dir.resolve("overflow.safetensors"),
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,16]}}",
                new byte[16]);
        assertMalformed(overflow, "\"a\"", "too large");
    }

    @Test
    void badJsonIsReported() throws IOException {
        assertMalformed(
                handMade(dir.resolve("json1.safetensors"), "{\"a\": {\"dtype\": ", new byte[0]), "malformed JSON");
        assertMalformed(handMade(dir.resolve("json2.safetensors"), "[1, 2, 3]", new byte[0]), "JSON object");
        assertMalformed(handMade(dir.resolve("json3.safetensors"), "{a: 'lenient'}", new byte[0]), "malformed JSON");
        assertMalformed(handMade(dir.resolve("json4.safetensors"), "{} {}", new byte[0]), "corrupt safetensors header");
        assertMalformed(
                handMade(dir.resolve("json5.safetensors"), "{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", new byte[4]),
                "data_offsets");
        assertMalformed(
                handMade(dir.resolve("json6.safetensors"), "{\"__metadata__\":{\"k\":[1]}}", new byte[0]),
                "__metadata__");
    }

    @Test
    void paddedHeaderAndMetadataAreAccepted() throws IOException {
        Path file = handMade(
                dir.resolve("padded.safetensors"),
                "{\"__metadata__\":{\"format\":\"pt\"},\"a\":{\"dtype\":\"F32\",\"shape\":[1],"
                        + "\"data_offsets\":[0,4]}}      ",
                floats(2.5f));
        try (StateDict weights = StateDict.read(file, manager, DataType.FLOAT32)) {
            assertEquals(Map.of("format", "pt"), weights.metadata());
            assertEquals(2.5f, weights.get("a").getFloat());
        }
    }

    // ---- component folders ----

    @Test
    void shardedIndexIsFollowed() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("text_encoder"));
        SafetensorsWriter.write(
                folder.resolve("model-00001-of-00002.safetensors"),
                Map.of("a.weight", manager.create(new float[] {1, 2}), "b.weight", manager.create(new float[] {3})),
                Map.of("format", "pt"));
        SafetensorsWriter.write(
                folder.resolve("model-00002-of-00002.safetensors"),
                Map.of("c.weight", manager.create(new float[] {4, 5, 6})),
                Map.of("format", "pt"));
        Files.writeString(
                folder.resolve("model.safetensors.index.json"),
                "{\"metadata\":{\"total_size\":24},"
                        + "\"weight_map\":{\"a.weight\":\"model-00001-of-00002.safetensors\","
                        + "\"b.weight\":\"model-00001-of-00002.safetensors\","
                        + "\"c.weight\":\"model-00002-of-00002.safetensors\"}}");
        try (StateDict weights = StateDict.readComponent(folder, null, manager, DataType.FLOAT32)) {
            assertEquals(Set.of("a.weight", "b.weight", "c.weight"), weights.keys());
            assertArrayEquals(new float[] {4, 5, 6}, weights.get("c.weight").toFloatArray());
            assertArrayEquals(new float[] {1, 2}, weights.get("a.weight").toFloatArray());
            assertEquals("24", weights.metadata().get("total_size"));
            assertEquals("pt", weights.metadata().get("format"));
        }

        Files.writeString(
                folder.resolve("model.safetensors.index.json"),
                "{\"weight_map\":{"
                        + "\"a.weight\":\"model-00002-of-00002.safetensors\","
                        + "\"b.weight\":\"model-00001-of-00002.safetensors\"}}");
        WeightsException wrongShard = assertThrows(
                WeightsException.class, () -> StateDict.readComponent(folder, null, manager, DataType.FLOAT32));
        assertContains(
                wrongShard,
                "\"a.weight\"",
                "in model-00002-of-00002.safetensors",
                "it is in model-00001-of-00002.safetensors");

        Files.writeString(
                folder.resolve("model.safetensors.index.json"),
                "{\"weight_map\":{" + "\"a.weight\":\"model-00003-of-00003.safetensors\"}}");
        WeightsException missingShard = assertThrows(
                WeightsException.class, () -> StateDict.readComponent(folder, null, manager, DataType.FLOAT32));
        assertContains(missingShard, "model-00003-of-00003.safetensors", "missing");

        Files.writeString(
                folder.resolve("model.safetensors.index.json"),
                "{\"weight_map\":{" + "\"a.weight\":\"../../etc/passwd\"}}");
        WeightsException escape = assertThrows(
                WeightsException.class, () -> StateDict.readComponent(folder, null, manager, DataType.FLOAT32));
        assertContains(escape, "outside the component folder");
    }

    @Test
    void shardedVariantIndexIsFollowed() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("unet"));
        SafetensorsWriter.write(
                folder.resolve("diffusion_pytorch_model.fp16-00001-of-00001.safetensors"),
                Map.of("x", manager.create(new float[] {0.25f})),
                Map.of(),
                SafetensorsDType.F16);
        Files.writeString(
                folder.resolve("diffusion_pytorch_model.safetensors.index.fp16.json"),
                "{\"weight_map\":{\"x\":\"diffusion_pytorch_model.fp16-00001-of-00001.safetensors\"}}");
        try (StateDict weights = StateDict.readComponent(folder, "fp16", manager, DataType.FLOAT32)) {
            assertEquals(0.25f, weights.get("x").getFloat());
        }
    }

    @Test
    void variantFilesAreResolved() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("vae"));
        SafetensorsWriter.write(
                folder.resolve("diffusion_pytorch_model.safetensors"),
                Map.of("x", manager.create(new float[] {1f})),
                Map.of());
        SafetensorsWriter.write(
                folder.resolve("diffusion_pytorch_model.fp16.safetensors"),
                Map.of("x", manager.create(new float[] {2f})),
                Map.of(),
                SafetensorsDType.F16);
        try (StateDict plain = StateDict.readComponent(folder, null, manager, DataType.FLOAT32);
                StateDict fp16 = StateDict.readComponent(folder, "fp16", manager, DataType.FLOAT32)) {
            assertEquals(1f, plain.get("x").getFloat());
            assertEquals(2f, fp16.get("x").getFloat());
            assertEquals(DataType.FLOAT32, fp16.get("x").getDataType());
        }
        WeightsException noBf16 = assertThrows(
                WeightsException.class, () -> StateDict.readComponent(folder, "bf16", manager, DataType.FLOAT32));
        assertContains(noBf16, "variant \"bf16\"", "diffusion_pytorch_model.bf16.safetensors", "Pass no variant");

        Path onlyFp16 = Files.createDirectories(dir.resolve("text_encoder"));
        SafetensorsWriter.write(
                onlyFp16.resolve("model.fp16.safetensors"),
                Map.of("y", manager.create(new float[] {3f})),
                Map.of(),
                SafetensorsDType.F16);
        WeightsException hint = assertThrows(
                WeightsException.class, () -> StateDict.readComponent(onlyFp16, null, manager, DataType.FLOAT32));
        assertContains(hint, "Pass variant \"fp16\"");
        try (StateDict fp16 = StateDict.readComponent(onlyFp16, "fp16", manager, DataType.FLOAT32)) {
            assertEquals(3f, fp16.get("y").getFloat());
        }

        WeightsException missingFolder = assertThrows(
                WeightsException.class,
                () -> StateDict.readComponent(dir.resolve("nope"), null, manager, DataType.FLOAT32));
        assertContains(missingFolder, "does not exist");
    }

    // ---- key tracking ----

    @Test
    void requireAllUsedListsUnusedKeysAndMissingKeysAreNamed() throws IOException {
        Path file = dir.resolve("keys.safetensors");
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        for (String key : List.of("conv_in.weight", "conv_in.bias", "extra.weight", "other.bias")) {
            tensors.put(key, manager.zeros(new Shape(2)));
        }
        SafetensorsWriter.write(file, tensors, Map.of());
        try (StateDict weights = StateDict.read(file, manager, DataType.FLOAT32)) {
            weights.get("conv_in.weight");
            weights.get("conv_in.bias");
            assertEquals(List.of("extra.weight", "other.bias"), weights.unusedKeys());
            WeightsException unused = assertThrows(WeightsException.class, weights::requireAllUsed);
            assertContains(unused, "2 weight(s) were not used", "extra.weight", "other.bias", file.toString());
            assertFalse(unused.getMessage().contains("conv_in"), unused.getMessage());

            WeightsException missing = assertThrows(WeightsException.class, () -> weights.get("unet.conv_in.weight"));
            assertContains(missing, "missing weight \"unet.conv_in.weight\"", "similar keys: conv_in.weight");

            weights.markUsed("extra.weight");
            weights.get("other.bias");
            weights.requireAllUsed();
        }
    }

    @Test
    void renamedViewReadsTheFileUnderNewNames() throws IOException {
        Path file = dir.resolve("old-names.safetensors");
        SafetensorsWriter.write(
                file,
                Map.of(
                        "attn.query.weight",
                        manager.create(new float[] {1f, 2f}),
                        "attn.proj_attn.bias",
                        manager.create(new float[] {3f})),
                Map.of());
        try (StateDict weights = StateDict.read(file, manager, DataType.FLOAT32)) {
            StateDict view = weights.renamed(k -> k.replace(".query.", ".to_q.").replace(".proj_attn.", ".to_out.0."));
            assertEquals(Set.of("attn.to_q.weight", "attn.to_out.0.bias"), view.keys());
            assertEquals(new Shape(2), view.shape("attn.to_q.weight"));
            assertArrayEquals(new float[] {1f, 2f}, view.get("attn.to_q.weight").toFloatArray());
            WeightsException unused = assertThrows(WeightsException.class, view::requireAllUsed);
            assertContains(unused, "attn.to_out.0.bias");
            assertEquals(3f, view.get("attn.to_out.0.bias").getFloat());
            view.requireAllUsed();
            WeightsException clash = assertThrows(WeightsException.class, () -> weights.renamed(k -> "same"));
            assertContains(clash, "\"same\"");
        }
    }

    @Test
    void closeReleasesOnlyTensorsNotHandedOut() {
        NDArray kept = manager.create(new float[] {1f});
        NDArray dropped = manager.create(new float[] {2f});
        StateDict weights = StateDict.of(Map.of("kept", kept, "dropped", dropped));
        NDArray got = weights.get("kept");
        weights.close();
        assertEquals(1f, got.getFloat(), "a tensor handed out stays usable");
        assertTrue(dropped.isReleased(), "a tensor never handed out is closed with the state dict");
    }

    // ---- helpers ----

    private static void assertMalformed(Path file, String... fragments) {
        WeightsException e = assertThrows(WeightsException.class, () -> {
            try (SafetensorsReader reader = SafetensorsReader.open(file)) {
                reader.names();
            }
        });
        assertContains(e, file.toString());
        assertContains(e, fragments);
    }

    private static void assertContains(Exception e, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(
                    e.getMessage().contains(fragment),
                    () -> "message \"" + e.getMessage() + "\" should contain \"" + fragment + "\"");
        }
    }

    /** Writes length + header + data exactly as given, for building invalid files. */
    private static Path handMade(Path file, String header, byte[] data) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(json.length).put(json).put(data);
        Files.write(file, buffer.array());
        return file;
    }

    private static byte[] shorts(short[] values) {
        ByteBuffer b = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (short v : values) {
            b.putShort(v);
        }
        return b.array();
    }

    private static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    private static short[] concat(short[]... parts) {
        int n = 0;
        for (short[] p : parts) {
            n += p.length;
        }
        short[] all = new short[n];
        int at = 0;
        for (short[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
