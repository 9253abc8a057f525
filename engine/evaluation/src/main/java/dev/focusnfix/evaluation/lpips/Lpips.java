package dev.focusnfix.evaluation.lpips;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.nn.module.Module;
import dev.focusnfix.nn.module.Parameter;
import dev.focusnfix.nn.weights.StateDict;
import dev.focusnfix.nn.weights.WeightsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The LPIPS perceptual distance (Zhang et al. 2018, lpips package version 0.1, {@code lpips=True}): both images go
 * through a feature backbone; at the end of every stage the features are normalised to unit length over channels, the
 * squared difference is weighted by a learned non-negative 1x1 layer, averaged over space, and the stage values are
 * summed. Images are compared at their own resolution (no resizing).
 *
 * <p>Input scaling as LPIPS does it: images in [0, 1] become {@code 2x - 1}, then {@code (x - shift) / scale} with
 * {@code shift = [-.030, -.088, -.188]}, {@code scale = [.458, .448, .450]} (or the {@code scaling_layer.*} tensors
 * of the checkpoint, when present).
 *
 * <p>Files (see {@link #load}): {@code model.safetensors} with the lpips state-dict names
 * {@code net.slice<s>.<index>.weight|bias} (s = 1..L, index in the torchvision features sequence),
 * {@code lin<k>.model.1.weight} ([1, C_k, 1, 1], k = 0..L-1) and optionally {@code scaling_layer.shift|scale}
 * ([1, 3, 1, 1]); and {@code config.json} beside it ({@link LpipsConfig}). LPIPS is optional at run time: loading
 * fails with a {@link NoSuchFileException} that says so when the weights are absent.
 */
public final class Lpips extends Module {

    /** LPIPS' ScalingLayer shift, per RGB channel. */
    public static final double[] DEFAULT_SHIFT = {-0.030, -0.088, -0.188};
    /** LPIPS' ScalingLayer scale, per RGB channel. */
    public static final double[] DEFAULT_SCALE = {0.458, 0.448, 0.450};
    /** Added to the feature norm before dividing, as lpips' {@code normalize_tensor} does. */
    private static final float NORM_EPS = 1e-10f;

    private final LpipsConfig config;
    private final LpipsBackbone net;
    private final List<LpipsHead> heads = new ArrayList<>();
    private double[] shift = DEFAULT_SHIFT.clone();
    private double[] scale = DEFAULT_SCALE.clone();

    /** Builds the architecture with empty parameters; fill them with {@link #load(StateDict)} or initialize. */
    public Lpips(LpipsConfig config) {
        this.config = config;
        this.net = register("net", new LpipsBackbone(config));
        List<Integer> channels = config.stageChannels();
        for (int k = 0; k < channels.size(); k++) {
            heads.add(register("lin" + k, new LpipsHead(channels.get(k))));
        }
    }

    /**
     * Loads an LPIPS model.
     *
     * @param path the weights file ({@code .safetensors}, with {@code config.json} in the same folder) or the folder
     *     holding {@code model.safetensors} and {@code config.json}
     * @throws NoSuchFileException when the weights or the config do not exist (LPIPS is optional: callers may catch
     *     this and skip the metric)
     */
    public static Lpips load(Path path, NDManager manager, DataType dtype) throws IOException {
        Path weightsFile = Files.isDirectory(path) ? path.resolve("model.safetensors") : path;
        if (!Files.isRegularFile(weightsFile)) {
            throw new NoSuchFileException(
                    weightsFile.toString(),
                    null,
                    "LPIPS weights not found. LPIPS is an optional metric: put model.safetensors and config.json "
                            + "there (engine/testdata/lpips/convert_lpips_alex.py converts the published 'alex' "
                            + "weights) or run the evaluation without LPIPS");
        }
        Lpips model = new Lpips(LpipsConfig.read(weightsFile.resolveSibling("config.json")));
        try (StateDict weights = StateDict.read(weightsFile, manager, dtype)) {
            model.load(weights);
        }
        return model;
    }

    /** Fills the parameters from a checkpoint, insisting that every key is used and the heads are non-negative. */
    public void load(StateDict weights) {
        load(weights, "");
        if (weights.contains("scaling_layer.shift") || weights.contains("scaling_layer.scale")) {
            shift = channelConstants(weights, "scaling_layer.shift");
            scale = channelConstants(weights, "scaling_layer.scale");
        }
        weights.requireAllUsed();
        for (int k = 0; k < heads.size(); k++) {
            Parameter w = heads.get(k).weight();
            try (NDArray min = w.array().min();
                    NDArray min32 = min.toType(DataType.FLOAT32, true)) {
                if (min32.getFloat() < 0) {
                    throw new WeightsException("LPIPS head lin" + k + ".model.1.weight has negative weights (min "
                            + min32.getFloat() + "); LPIPS weights are non-negative: is this an LPIPS checkpoint?");
                }
            }
        }
    }

    /** The architecture. */
    public LpipsConfig config() {
        return config;
    }

    /**
     * LPIPS distances of image pairs.
     *
     * @param x images {@code [N, 3, H, W]} (or one {@code [3, H, W]}) with values in [0, 1]
     * @param y images of the same shape
     * @return distances and per-stage values, in {@code x}'s manager
     */
    public LpipsOutput compare(NDArray x, NDArray y) {
        if (!x.getShape().equals(y.getShape())) {
            throw new IllegalArgumentException(
                    "LPIPS compares images of one shape, got " + x.getShape() + " and " + y.getShape());
        }
        Shape s = x.getShape();
        int channelAxis = s.dimension() - 3;
        if ((s.dimension() != 3 && s.dimension() != 4) || s.get(channelAxis) != 3) {
            throw new IllegalArgumentException("LPIPS takes RGB images [N,3,H,W] or [3,H,W], got " + s);
        }
        NDManager home = x.getManager();
        try (NDManager scope = home.newSubManager()) {
            List<NDArray> fx = net.features(scaled(x, scope));
            List<NDArray> fy = net.features(scaled(y, scope));
            NDList stages = new NDList();
            for (int k = 0; k < heads.size(); k++) {
                NDArray difference = unitNormalized(fx.get(k)).sub(unitNormalized(fy.get(k)));
                stages.add(heads.get(k).forward(difference.square()));
            }
            NDArray stageValues = NDArrays.stack(stages, 1);
            NDArray distance = stageValues.sum(new int[] {1});
            stageValues.attach(home);
            distance.attach(home);
            return new LpipsOutput(distance, stageValues);
        }
    }

    /** The LPIPS distance of each pair as doubles (see {@link #compare}). */
    public double[] distances(NDArray x, NDArray y) {
        LpipsOutput out = compare(x, y);
        out.stageValues().close();
        try (NDArray d = out.distance();
                NDArray d64 = d.toType(DataType.FLOAT64, true)) {
            return d64.toDoubleArray();
        }
    }

    /** [0, 1] images -> the backbone's input, (2x - 1 - shift) / scale, in the scope and the parameters' dtype. */
    private NDArray scaled(NDArray image, NDManager scope) {
        Parameter any = parameters().values().iterator().next();
        NDArray weight = any.array();
        if (weight == null) {
            throw new IllegalStateException("LPIPS parameters are not loaded");
        }
        NDArray x = image.toDevice(weight.getDevice(), true);
        x.attach(scope);
        if (x.getDataType() != weight.getDataType()) {
            x = x.toType(weight.getDataType(), false);
        }
        if (x.getShape().dimension() == 3) {
            x = x.expandDims(0);
        }
        // (2x - 1 - shift) / scale == (x - (1 + shift) / 2) / (scale / 2): no scalar multiply on the input.
        float[] offset = new float[3];
        float[] halfScale = new float[3];
        for (int c = 0; c < 3; c++) {
            offset[c] = (float) ((1 + shift[c]) / 2);
            halfScale[c] = (float) (scale[c] / 2);
        }
        Shape perChannel = new Shape(1, 3, 1, 1);
        NDArray offsetArray =
                scope.create(offset, perChannel).toDevice(x.getDevice(), false).toType(x.getDataType(), false);
        NDArray scaleArray = scope.create(halfScale, perChannel)
                .toDevice(x.getDevice(), false)
                .toType(x.getDataType(), false);
        return x.sub(offsetArray).div(scaleArray);
    }

    /** Features divided by their Euclidean norm over channels (plus 1e-10), per position. */
    private static NDArray unitNormalized(NDArray features) {
        NDArray norm = features.square().sum(new int[] {1}, true).sqrt().add(NORM_EPS);
        return features.div(norm);
    }

    private static double[] channelConstants(StateDict weights, String key) {
        NDArray array = weights.get(key);
        if (array.getShape().size() != 3) {
            throw new WeightsException(
                    key + " must hold 3 values (one per RGB channel), found shape " + array.getShape());
        }
        try (NDArray wide = array.toType(DataType.FLOAT64, true)) {
            return wide.toDoubleArray();
        } finally {
            array.close();
        }
    }
}
