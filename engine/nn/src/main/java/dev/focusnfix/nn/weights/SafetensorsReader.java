package dev.focusnfix.nn.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Set;

/**
 * Reads a safetensors file lazily: the header is read and validated when the file is opened, and each tensor is read
 * on request through a memory map of just its own byte range (so files larger than 2 GB work and nothing is read that
 * is not used). Floating point tensors (F16, BF16, F32, F64) are converted to the requested compute type; integer and
 * boolean tensors keep their type.
 */
public final class SafetensorsReader implements AutoCloseable {

    private final Path file;
    private final FileChannel channel;
    private final SafetensorsHeader header;

    private SafetensorsReader(Path file, FileChannel channel, SafetensorsHeader header) {
        this.file = file;
        this.channel = channel;
        this.header = header;
    }

    /** Opens and validates a file; a malformed file gives a {@link WeightsException} naming it. */
    public static SafetensorsReader open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long size = channel.size();
            String source = file.toString();
            if (size < 8) {
                throw new WeightsException(source + ": not a safetensors file: only " + size
                        + " bytes, shorter than the 8-byte header length");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0);
            long headerLength = SafetensorsHeader.checkHeaderLength(source, lengthBytes.getLong(0), size);
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            readFully(channel, headerBytes, 8);
            headerBytes.flip();
            SafetensorsHeader header = SafetensorsHeader.parse(source, headerBytes, size);
            return new SafetensorsReader(file, channel, header);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer target, long position) throws IOException {
        long at = position;
        while (target.hasRemaining()) {
            int n = channel.read(target, at);
            if (n < 0) {
                throw new WeightsException("unexpected end of file at byte " + at);
            }
            at += n;
        }
    }

    /** The file being read. */
    public Path file() {
        return file;
    }

    /** The validated header. */
    public SafetensorsHeader header() {
        return header;
    }

    /** Tensor names in header order. */
    public Set<String> names() {
        return header.entries().keySet();
    }

    /** The header entry of one tensor, or a {@link WeightsException} naming it if absent. */
    public TensorEntry entry(String name) {
        TensorEntry entry = header.entries().get(name);
        if (entry == null) {
            throw new WeightsException(file + ": no tensor named \"" + name + "\"");
        }
        return entry;
    }

    /** The {@code __metadata__} map (empty if none). */
    public Map<String, String> metadata() {
        return header.metadata();
    }

    /**
     * Reads one tensor onto {@code manager}'s device. Floating point data is converted to {@code computeType}
     * (exactly, for F16/BF16 to float32); integer and boolean data keep their stored type.
     */
    public NDArray read(String name, NDManager manager, DataType computeType) throws IOException {
        TensorEntry entry = entry(name);
        SafetensorsDType dtype = entry.dtype();
        if (!dtype.isReadable()) {
            throw new WeightsException(file + ": tensor \"" + name + "\" has dtype " + dtype
                    + ", which cannot be read; supported: F16, BF16, F32, F64, I64, I32, I16, I8, U8, BOOL");
        }
        if (computeType != null && !computeType.isFloating()) {
            throw new WeightsException("compute dtype must be a floating point type, got " + computeType);
        }
        if (entry.byteLength() > Integer.MAX_VALUE) {
            throw new WeightsException(file + ": tensor \"" + name + "\" has " + entry.byteLength()
                    + " bytes; single tensors above 2 GiB are not supported");
        }
        Shape shape = entry.djlShape();
        int count = (int) entry.elementCount();
        ByteBuffer data = map(entry);
        NDArray array =
                switch (dtype) {
                    case F32 -> {
                        float[] values = new float[count];
                        data.asFloatBuffer().get(values);
                        yield manager.create(values, shape);
                    }
                    case F16 -> {
                        float[] values = new float[count];
                        for (int i = 0; i < count; i++) {
                            values[i] = HalfFloats.halfToFloat(data.getShort(2 * i));
                        }
                        yield manager.create(values, shape);
                    }
                    case BF16 -> {
                        float[] values = new float[count];
                        for (int i = 0; i < count; i++) {
                            values[i] = HalfFloats.bfloat16ToFloat(data.getShort(2 * i));
                        }
                        yield manager.create(values, shape);
                    }
                    case F64 -> {
                        double[] values = new double[count];
                        data.asDoubleBuffer().get(values);
                        yield manager.create(values, shape);
                    }
                    case I64 -> {
                        long[] values = new long[count];
                        data.asLongBuffer().get(values);
                        yield manager.create(values, shape);
                    }
                    case I32 -> {
                        int[] values = new int[count];
                        data.asIntBuffer().get(values);
                        yield manager.create(values, shape);
                    }
                    default -> {
                        // 1- and 2-byte integer types: copy into a native-order direct buffer of the same type.
                        ByteBuffer copy = ByteBuffer.allocateDirect(Math.max(1, (int) entry.byteLength()))
                                .order(ByteOrder.nativeOrder());
                        if (dtype.byteSize() == 2) {
                            for (int i = 0; i < count; i++) {
                                copy.putShort(data.getShort(2 * i));
                            }
                        } else {
                            copy.put(data);
                        }
                        copy.rewind();
                        yield manager.create(copy, shape, dtype.djlType());
                    }
                };
        if (dtype.isFloatingPoint() && computeType != null && array.getDataType() != computeType) {
            NDArray converted = array.toType(computeType, false);
            array.close();
            return converted;
        }
        return array;
    }

    private ByteBuffer map(TensorEntry entry) throws IOException {
        long length = entry.byteLength();
        if (length == 0) {
            return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
        }
        long position = header.dataStart() + entry.begin();
        if (position + length > channel.size()) {
            // The header was validated at open; the file must have shrunk since.
            throw new WeightsException(file + ": tensor \"" + entry.name() + "\" lies past the end of the file"
                    + " (was it truncated while open?)");
        }
        MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, position, length);
        return mapped.order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
