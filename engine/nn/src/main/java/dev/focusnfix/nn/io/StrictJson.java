package dev.focusnfix.nn.io;

import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;

/**
 * Gson set up to write strict JSON, which {@code jq}, browsers and Python's {@code json} read: a {@code double} or
 * {@code float} that is NaN or infinite (a value not measured, the PSNR of identical images) is written as
 * {@code null}, never as the non-JSON literals {@code NaN} or {@code Infinity}, and {@code null} reads back as NaN.
 */
public final class StrictJson {

    private StrictJson() {}

    /** A builder with the adapters for {@code double}, {@code Double}, {@code float} and {@code Float}. */
    public static GsonBuilder builder() {
        TypeAdapter<Double> doubles = new NonFiniteAsNull<>(Double.NaN) {
            @Override
            Double parse(double value) {
                return value;
            }
        };
        TypeAdapter<Float> floats = new NonFiniteAsNull<>(Float.NaN) {
            @Override
            Float parse(double value) {
                return (float) value;
            }
        };
        return new GsonBuilder()
                .serializeNulls()
                .registerTypeAdapter(double.class, doubles)
                .registerTypeAdapter(Double.class, doubles)
                .registerTypeAdapter(float.class, floats)
                .registerTypeAdapter(Float.class, floats);
    }

    /** Writes a JSON number for a finite value and {@code null} otherwise; reads {@code null} (and NaN) as NaN. */
    private abstract static class NonFiniteAsNull<T extends Number> extends TypeAdapter<T> {

        private final T missing;

        NonFiniteAsNull(T missing) {
            this.missing = missing;
        }

        abstract T parse(double value);

        @Override
        public void write(JsonWriter out, T value) throws IOException {
            if (value == null || !Double.isFinite(value.doubleValue())) {
                // serializeNulls is on, so a field keeps its key with a null value.
                out.nullValue();
            } else {
                out.value(value);
            }
        }

        @Override
        public T read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return missing;
            }
            return parse(in.nextDouble());
        }
    }
}
