package org.mdn4j.io;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.mdn4j.data.DataException;
import org.mdn4j.data.InputFiles;
import org.mdn4j.train.ClipNorm;
import org.mdn4j.train.TrainConfig;
import org.mdn4j.train.TrainState;

/**
 * The binary training checkpoint, version 2 (documented in {@code docs/FORMATS.md}): a magic
 * number, a version, the training state, the config and the clipping norm, the data's identity, an
 * embedded model file (spec, column names, scaler, parameters), Adam's moments and a CRC-32 of
 * everything before it. Version 1, the same without the clipping norm, is still read.
 * Big-endian throughout; written atomically ({@link AtomicFiles}), so a process killed while
 * writing leaves the previous checkpoint intact.
 */
public final class CheckpointFile {

    /** {@code "MDNCK"}, a NUL, CR LF: not a model file's magic, so neither is read as the other. */
    static final byte[] MAGIC = {'M', 'D', 'N', 'C', 'K', 0, '\r', '\n'};
    public static final int VERSION = 2;
    /** The version before the clipping norm was recorded: read, and written only for a checkpoint read from it. */
    static final int VERSION_WITHOUT_CLIP = 1;

    private CheckpointFile() {
    }

    public static byte[] encode(Checkpoint c) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            TrainState s = c.state();
            TrainConfig k = c.config();
            out.write(MAGIC);
            // a checkpoint read from version 1 does not know its norm, and is written back as it was
            out.writeInt(c.clipRecorded() ? VERSION : VERSION_WITHOUT_CLIP);
            out.writeInt(s.epoch());
            out.writeLong(s.adamStep());
            out.writeLong(s.nonFiniteSteps());
            out.writeDouble(s.lastLoss());
            out.writeInt(k.epochs());
            out.writeInt(k.batch());
            out.writeFloat(k.lr());
            out.writeFloat(k.beta1());
            out.writeFloat(k.beta2());
            out.writeFloat(k.eps());
            out.writeLong(k.seed());
            out.writeInt(k.threads());
            if (c.clipRecorded()) {
                out.writeFloat(c.clip());
            }
            BinaryStrings.write(out, c.kernels());
            BinaryStrings.write(out, c.data().name());
            out.writeInt(c.data().rows());
            out.writeInt(c.data().checksum());
            byte[] model = ModelFile.encode(new Model(c.spec(), s.values(), c.inputNames(), c.targetNames(), Map.of(),
                    c.scaler()));
            out.writeInt(model.length);
            out.write(model);
            for (float[] a : new float[][] {s.m(), s.v()}) {
                for (float f : a) {
                    out.writeFloat(f);
                }
            }
            out.flush();
            return Crc32Trailer.seal(bytes.toByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
    }

    /** Writes atomically: temporary file, fsync, rename. */
    public static void write(Checkpoint c, Path file) throws IOException {
        AtomicFiles.write(file, encode(c));
    }

    public static Checkpoint read(Path file) throws DataException {
        return decode(InputFiles.readAllBytes(file), file.toString());
    }

    /** Parses a checkpoint's bytes; {@code where} names the source in error messages. */
    public static Checkpoint decode(byte[] bytes, String where) throws DataException {
        if (bytes.length < MAGIC.length + 8) {
            throw new DataException(where + ": too short to be an mdn4j checkpoint (" + bytes.length + " bytes)");
        }
        if (!Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new DataException(where + ": not an mdn4j checkpoint (wrong magic number)");
        }
        int version = ByteBuffer.wrap(bytes, MAGIC.length, 4).getInt();
        if (version != VERSION && version != VERSION_WITHOUT_CLIP) {
            throw new DataException(where + ": byte " + MAGIC.length + ": checkpoint version " + version
                    + " is not supported (this build reads versions " + VERSION_WITHOUT_CLIP + " and " + VERSION + ")");
        }
        Crc32Trailer.check(bytes, where);
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, bytes.length - 4);
        in.position(MAGIC.length + 4);
        try {
            int epoch = in.getInt();
            long adamStep = in.getLong();
            long nonFinite = in.getLong();
            double lastLoss = in.getDouble();
            TrainConfig config;
            try {
                config = new TrainConfig(in.getInt(), in.getInt(), in.getFloat(), in.getFloat(), in.getFloat(),
                        in.getFloat(), in.getLong(), in.getInt());
            } catch (IllegalArgumentException e) {
                throw bad(where, in, "invalid training config: " + e.getMessage());
            }
            float clip = Checkpoint.CLIP_NOT_RECORDED;
            if (version != VERSION_WITHOUT_CLIP) {
                try {
                    clip = ClipNorm.check(in.getFloat(), "the clipping norm");
                } catch (IllegalArgumentException e) {
                    throw new DataException(where + ": byte " + (in.position() - 4) + ": " + e.getMessage());
                }
            }
            String kernels = BinaryStrings.read(in, where);
            String dataName = BinaryStrings.read(in, where);
            DataIdentity data = new DataIdentity(dataName, in.getInt(), in.getInt());
            int modelLength = in.getInt();
            if (modelLength < 0 || modelLength > in.remaining()) {
                throw bad(where, in, "embedded model length " + modelLength + " exceeds the file");
            }
            int modelAt = in.position();
            Model model = ModelFile.decode(Arrays.copyOfRange(bytes, modelAt, modelAt + modelLength),
                    where + " (embedded model at byte " + modelAt + ")");
            in.position(modelAt + modelLength);
            int p = model.parameters().length;
            if (in.remaining() != 8L * p) {
                throw bad(where, in, "expected " + 8L * p + " bytes of Adam moments, found " + in.remaining());
            }
            float[] m = moments(in, where, p, "m");
            float[] v = moments(in, where, p, "v");
            TrainState state;
            try {
                state = new TrainState(epoch, adamStep, nonFinite, lastLoss, model.parameters(), m, v);
            } catch (IllegalArgumentException e) {
                throw new DataException(where + ": " + e.getMessage());
            }
            return new Checkpoint(model.spec(), model.inputNames(), model.targetNames(), config, kernels, data, state,
                    model.scaler(), clip);
        } catch (BufferUnderflowException e) {
            throw new DataException(where + ": byte " + in.position() + ": file ends early (truncated)");
        }
    }

    private static float[] moments(ByteBuffer in, String where, int count, String name) throws DataException {
        int at = in.position();
        float[] a = new float[count];
        in.asFloatBuffer().get(a);
        in.position(at + 4 * count);
        for (int i = 0; i < count; i++) {
            if (!Float.isFinite(a[i])) {
                throw new DataException(where + ": byte " + (at + 4L * i) + ": Adam " + name + "[" + i
                        + "] is not finite");
            }
        }
        return a;
    }

    private static DataException bad(String where, ByteBuffer in, String problem) {
        return new DataException(where + ": byte " + in.position() + ": " + problem);
    }
}
