package dev.focusnfix.nn.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.tensor.Scalars;

/**
 * Sinusoidal timestep features (DDPM / diffusers {@code get_timestep_embedding}): frequencies
 * {@code exp(-ln(10000) * k / (half - freqShift))}, features {@code [sin(t f), cos(t f)]}, swapped to
 * {@code [cos, sin]} when {@code flipSinToCos}, zero-padded when the dimension is odd. Computed in float32.
 */
public final class TimestepProjection {

    private static final double MAX_PERIOD = 10000;

    private final int dim;
    private final boolean flipSinToCos;
    private final double freqShift;

    public TimestepProjection(int dim, boolean flipSinToCos, double freqShift) {
        this.dim = dim;
        this.flipSinToCos = flipSinToCos;
        this.freqShift = freqShift;
    }

    public int dim() {
        return dim;
    }

    /** timesteps [N] (any numeric type, may be fractional) -> float32 [N, dim], in the timesteps' manager. */
    public NDArray forward(NDArray timesteps) {
        NDManager manager = timesteps.getManager();
        int half = dim / 2;
        NDArray t32 = timesteps.toType(DataType.FLOAT32, true);
        NDArray t = Scratch.swap(t32, t32.reshape(-1, 1));
        NDArray k = manager.arange(0, half, 1, DataType.FLOAT32);
        NDArray exponent = Scratch.swap(k, Scalars.mul(k, -Math.log(MAX_PERIOD)));
        exponent = Scratch.swap(exponent, Scalars.div(exponent, half - freqShift));
        NDArray frequencies = Scratch.swap(exponent, exponent.exp());
        frequencies = Scratch.swap(frequencies, frequencies.reshape(1, half));
        NDArray angles = t.mul(frequencies);
        t.close();
        frequencies.close();
        NDArray sin = angles.sin();
        NDArray cos = angles.cos();
        angles.close();
        NDArray features = flipSinToCos ? cos.concat(sin, 1) : sin.concat(cos, 1);
        sin.close();
        cos.close();
        if (dim % 2 == 1) {
            NDArray zero = manager.zeros(
                    new ai.djl.ndarray.types.Shape(features.getShape().get(0), 1), DataType.FLOAT32);
            features = Scratch.swap(features, features.concat(zero, 1));
            zero.close();
        }
        return features;
    }
}
