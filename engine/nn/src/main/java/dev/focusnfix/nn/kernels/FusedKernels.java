package dev.focusnfix.nn.kernels;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Attention and GroupNorm as PyTorch's fused operations ({@code F.scaled_dot_product_attention}, which never keeps
 * the score matrix and picks flash or memory-efficient kernels on a GPU, and {@code F.group_norm}), run as tiny
 * TorchScript modules shipped in this jar (made by {@code src/main/kernels/make_kernels.py}). The system property
 * {@value #LOCATION_PROPERTY} names a folder to load the {@code .pt} files from instead.
 *
 * <p>Small operations run the composed code: attention whose score matrix has fewer than
 * {@value #DEFAULT_MIN_SIZE} values (4 MiB in float32), and GroupNorm of fewer input values; the system property
 * {@value #MIN_SIZE_PROPERTY} sets another bound, 0 for always fused. There the fused kernels save no memory to
 * speak of, and a TorchScript call through DJL costs more than the fused operation saves (measured on this project's
 * CPU: 2.6 against 1.3 ms for the toy model's [16, 64, 8] attention); below the bound a fused run is the composed
 * computation, bit for bit. At SD v1.4's 512x512 the first level's [16, 4096, 4096] scores are 256 times the bound
 * and its [1, 320, 64, 64] GroupNorm inputs above it.
 */
public final class FusedKernels implements NetworkKernels, AutoCloseable {

    /** System property: a folder holding the kernel files, replacing the bundled ones. */
    public static final String LOCATION_PROPERTY = "focusnfix.kernels.location";

    /** The kernel files, in the order they load. */
    public static final List<String> FILES =
            List.of("attention.pt", "attention_masked.pt", "group_norm.pt", "group_norm_silu.pt");

    /** System property: the smallest attention score matrix, or GroupNorm input, in values, that runs fused. */
    public static final String MIN_SIZE_PROPERTY = "focusnfix.kernels.fusedMinSize";

    /** The default of {@value #MIN_SIZE_PROPERTY}: 2^20 values. */
    public static final long DEFAULT_MIN_SIZE = 1L << 20;

    private static final String RESOURCE_FOLDER = "/dev/focusnfix/nn/kernels/";
    private static final String GRAPH_OPTIMIZER = "ai.djl.pytorch.graph_optimizer";

    private final TorchScriptKernel attention;
    private final TorchScriptKernel maskedAttention;
    private final TorchScriptKernel groupNorm;
    private final TorchScriptKernel groupNormSilu;
    private final String source;
    private final long minSize = Long.getLong(MIN_SIZE_PROPERTY, DEFAULT_MIN_SIZE);

    private FusedKernels(List<TorchScriptKernel> kernels, String source) {
        this.attention = kernels.get(0);
        this.maskedAttention = kernels.get(1);
        this.groupNorm = kernels.get(2);
        this.groupNormSilu = kernels.get(3);
        this.source = source;
    }

    /**
     * Loads the four kernels and runs each once on a tiny input, so a kernel that loads but cannot run here is
     * refused now rather than mid-run.
     *
     * @throws KernelUnavailableException naming the file and the cause
     */
    public static FusedKernels load() {
        // The graph executor's profiling runs add seconds to the first calls of every new shape and gain nothing
        // for single-operation modules; DJL reads this property on every TorchScript call.
        if (System.getProperty(GRAPH_OPTIMIZER) == null) {
            System.setProperty(GRAPH_OPTIMIZER, "false");
        }
        String location = System.getProperty(LOCATION_PROPERTY);
        List<TorchScriptKernel> loaded = new ArrayList<>();
        String current = FILES.get(0);
        Path temp = null;
        try {
            Path folder;
            if (location != null) {
                folder = Path.of(location);
            } else {
                temp = Files.createTempDirectory("focusnfix-kernels");
                folder = temp;
            }
            for (String file : FILES) {
                current = file;
                Path path = folder.resolve(file);
                if (location == null) {
                    copyResource(file, path);
                } else if (!Files.isRegularFile(path)) {
                    throw new IOException("no such file " + path.toAbsolutePath());
                }
                loaded.add(TorchScriptKernel.load(file.substring(0, file.length() - 3), path));
            }
            FusedKernels kernels = new FusedKernels(loaded, location == null ? "bundled" : location);
            current = "a trial run";
            kernels.selfTest();
            return kernels;
        } catch (Exception | UnsatisfiedLinkError | NoClassDefFoundError e) {
            loaded.forEach(TorchScriptKernel::close);
            throw new KernelUnavailableException(
                    "the fused kernels cannot load (" + current + " from "
                            + (location == null ? "the bundled kernels" : LOCATION_PROPERTY + "=" + location) + "): "
                            + e.getMessage() + "; use kernels: composed (or --kernels composed), or auto to fall back",
                    e);
        } finally {
            if (temp != null) {
                deleteQuietly(temp);
            }
        }
    }

    /** Where the kernels came from: {@code bundled} or the folder named by {@value #LOCATION_PROPERTY}. */
    public String source() {
        return source;
    }

    @Override
    public String name() {
        return KernelMode.FUSED.label();
    }

    @Override
    public NDArray attention(NDArray q, NDArray k, NDArray v, NDArray additiveMask) {
        return attention(q, k, v, additiveMask, minSize);
    }

    /** Attention, fused when the score matrix has at least {@code minSize} values. */
    NDArray attention(NDArray q, NDArray k, NDArray v, NDArray additiveMask, long minSize) {
        Shape shape = q.getShape();
        long scores = shape.size()
                / shape.get(shape.dimension() - 1)
                * k.getShape().get(k.getShape().dimension() - 2);
        if (scores < minSize) {
            return Kernels.composed().attention(q, k, v, additiveMask);
        }
        if (additiveMask == null) {
            return attention.apply(q, k, v);
        }
        return maskedAttention.apply(q, k, v, additiveMask);
    }

    @Override
    public NDArray groupNorm(NDArray x, NDArray weight, NDArray bias, int groups, float eps, boolean silu) {
        return groupNorm(x, weight, bias, groups, eps, silu, minSize);
    }

    /** GroupNorm, fused when {@code x} has at least {@code minSize} values. */
    NDArray groupNorm(NDArray x, NDArray weight, NDArray bias, int groups, float eps, boolean silu, long minSize) {
        if (x.getShape().size() < minSize) {
            return Kernels.composed().groupNorm(x, weight, bias, groups, eps, silu);
        }
        NDManager manager = x.getManager();
        // One-element arguments made by libtorch (full), not copied from Java memory; TorchScript reads them at once.
        try (NDArray g = manager.full(new Shape(1), groups, DataType.INT64);
                NDArray e = manager.full(new Shape(1), eps, DataType.FLOAT64)) {
            TorchScriptKernel kernel = silu ? groupNormSilu : groupNorm;
            return kernel.apply(x, weight, bias, g, e);
        }
    }

    @Override
    public void close() {
        attention.close();
        maskedAttention.close();
        groupNorm.close();
        groupNormSilu.close();
    }

    @Override
    public String toString() {
        return "fused kernels (" + source + ")";
    }

    private void selfTest() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray q = manager.ones(new Shape(1, 1, 2, 2));
            NDArray a = attention(q, q, q, null, 0);
            NDArray m = attention(q, q, q, manager.zeros(new Shape(1, 1, 2, 2)), 0);
            NDArray x = manager.ones(new Shape(1, 2, 2, 2));
            NDArray w = manager.ones(new Shape(2));
            NDArray b = manager.zeros(new Shape(2));
            NDArray n = groupNorm(x, w, b, 1, 1e-5f, false, 0);
            NDArray s = groupNorm(x, w, b, 1, 1e-5f, true, 0);
            float[] probe = {
                a.getFloat(0, 0, 0, 0), m.getFloat(0, 0, 0, 0), n.getFloat(0, 0, 0, 0), s.getFloat(0, 0, 0, 0)
            };
            if (probe[0] != 1f || probe[1] != 1f || probe[2] != 0f || probe[3] != 0f) {
                throw new IllegalStateException("the kernels ran but computed " + java.util.Arrays.toString(probe)
                        + " instead of [1, 1, 0, 0]");
            }
        }
    }

    /** Copies the bundled kernel file {@code file} to {@code target}. */
    static void copyResource(String file, Path target) throws IOException {
        try (InputStream in = FusedKernels.class.getResourceAsStream(RESOURCE_FOLDER + file)) {
            if (in == null) {
                throw new IOException("the jar holds no " + RESOURCE_FOLDER + file);
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes a folder of extracted kernel files (or leaves it to the JVM's exit). */
    static void deleteQuietly(Path folder) {
        try (var files = Files.list(folder)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            folder.toFile().deleteOnExit();
        }
    }
}
