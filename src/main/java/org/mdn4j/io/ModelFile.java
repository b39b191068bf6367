package org.mdn4j.io;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mdn4j.data.DataException;
import org.mdn4j.data.InputFiles;
import org.mdn4j.data.Scaler;
import org.mdn4j.kernel.Activation;
import org.mdn4j.nn.Head;
import org.mdn4j.nn.ModelSpec;
import org.mdn4j.nn.ModelType;
import org.mdn4j.nn.ParameterLayout;

/**
 * The binary model file, version 2 (documented in {@code docs/FORMATS.md}): a magic number, a
 * version, the spec (with its head), the column names, the metadata, the scaler, the parameters,
 * and a CRC-32 of everything before it. Version 1 files (isotropic head, no scaler) still load. Big-endian throughout. Written to a temporary file in the same folder, forced to disk
 * and renamed, so a reader never sees half a model.
 */
public final class ModelFile {

    /** {@code "MDN4J"}, a NUL, CR LF: catches text-mode transfers as PNG's signature does. */
    static final byte[] MAGIC = {'M', 'D', 'N', '4', 'J', 0, '\r', '\n'};
    public static final int VERSION = 2;
    /** The oldest version this build reads: version 1 had no head byte and no scaler. */
    static final int OLDEST_VERSION = 1;

    /** Bounds that reject absurd sizes before anything is allocated. */
    private static final int MAX_LAYERS = 1024;
    private static final int MAX_WIDTH = 1 << 20;
    private static final int MAX_STRINGS = 1 << 16;

    private ModelFile() {
    }

    /** The file's bytes: everything {@link #read} accepts. */
    public static byte[] encode(Model model) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            ModelSpec s = model.spec();
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeByte(s.type().ordinal());
            out.writeByte(s.head().code());
            out.writeInt(s.inputs());
            out.writeInt(s.targets());
            out.writeInt(s.components());
            int[] hidden = s.hidden();
            Activation[] acts = s.activations();
            out.writeInt(hidden.length);
            for (int i = 0; i < hidden.length; i++) {
                out.writeInt(hidden[i]);
                out.writeByte(acts[i].code());
            }
            out.writeFloat(s.sigmaFloor());
            writeStrings(out, model.inputNames());
            writeStrings(out, model.targetNames());
            out.writeInt(model.metadata().size());
            for (Map.Entry<String, String> e : model.metadata().entrySet()) {
                BinaryStrings.write(out, e.getKey());
                BinaryStrings.write(out, e.getValue());
            }
            writeScaler(out, model.scaler());
            float[] p = model.parameters();
            out.writeInt(p.length);
            for (float f : p) {
                out.writeFloat(f);
            }
            out.flush();
            return Crc32Trailer.seal(bytes.toByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
    }

    /** Writes atomically (see {@link AtomicFiles}). */
    public static void write(Model model, Path file) throws IOException {
        AtomicFiles.write(file, encode(model));
    }

    public static Model read(Path file) throws DataException {
        return decode(InputFiles.readAllBytes(file), file.toString());
    }

    /** Parses a model file's bytes; {@code where} names the source in error messages. */
    public static Model decode(byte[] bytes, String where) throws DataException {
        if (bytes.length < MAGIC.length + 8) {
            throw new DataException(where + ": too short to be an mdn4j model (" + bytes.length + " bytes)");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw new DataException(where + ": byte " + i + ": not an mdn4j model file (wrong magic number)");
            }
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        in.position(MAGIC.length);
        int version = in.getInt();
        if (version < OLDEST_VERSION || version > VERSION) {
            throw new DataException(where + ": byte " + MAGIC.length + ": model file version " + version
                    + " is not supported (this build reads versions " + OLDEST_VERSION + " to " + VERSION + ")");
        }
        Crc32Trailer.check(bytes, where);
        ByteBuffer body = ByteBuffer.wrap(bytes, 0, bytes.length - 4);
        body.position(MAGIC.length + 4);
        try {
            int typeCode = body.get();
            if (typeCode < 0 || typeCode >= ModelType.values().length) {
                throw bad(where, body, "unknown model type " + typeCode);
            }
            Head head = Head.ISOTROPIC;
            if (version >= 2) {
                int headCode = body.get();
                if (headCode < 0 || headCode >= Head.values().length) {
                    throw bad(where, body, "unknown head code " + headCode);
                }
                head = Head.fromCode(headCode);
            }
            int inputs = bounded(body, where, "input count", 1, MAX_WIDTH);
            int targets = bounded(body, where, "target count", 1, MAX_WIDTH);
            int components = bounded(body, where, "component count", 0, MAX_WIDTH);
            int layers = bounded(body, where, "hidden layer count", 0, MAX_LAYERS);
            int[] hidden = new int[layers];
            Activation[] acts = new Activation[layers];
            for (int i = 0; i < layers; i++) {
                hidden[i] = bounded(body, where, "hidden width", 1, MAX_WIDTH);
                int code = body.get();
                if (code < 0 || code >= Activation.values().length) {
                    throw bad(where, body, "unknown activation code " + code);
                }
                acts[i] = Activation.fromCode(code);
            }
            float floor = body.getFloat();
            ModelSpec spec;
            try {
                spec = new ModelSpec(ModelType.values()[typeCode], inputs, targets, components, hidden, acts, floor,
                        head);
            } catch (IllegalArgumentException e) {
                throw bad(where, body, "invalid model spec: " + e.getMessage());
            }
            String[] inputNames = readStrings(body, where, inputs);
            String[] targetNames = readStrings(body, where, targets);
            int entries = bounded(body, where, "metadata entry count", 0, MAX_STRINGS);
            Map<String, String> meta = new LinkedHashMap<>();
            for (int i = 0; i < entries; i++) {
                meta.put(BinaryStrings.read(body, where), BinaryStrings.read(body, where));
            }
            Scaler scaler = version >= 2 ? readScaler(body, where, inputs, targets) : null;
            long expected;
            try {
                expected = new ParameterLayout(spec).size();
            } catch (IllegalArgumentException e) {
                throw bad(where, body, e.getMessage());
            }
            int count = body.getInt();
            if (count != expected) {
                throw bad(where, body, "parameter count " + count + " does not match the spec's " + expected);
            }
            if ((long) count * 4 != body.remaining()) {
                throw bad(where, body, "expected " + (long) count * 4 + " bytes of parameters, found "
                        + body.remaining());
            }
            float[] params = new float[count];
            body.asFloatBuffer().get(params);
            for (int i = 0; i < count; i++) {
                if (!Float.isFinite(params[i])) {
                    throw new DataException(where + ": byte " + (body.position() + 4L * i) + ": parameter " + i
                            + " is not finite");
                }
            }
            return new Model(spec, params, inputNames, targetNames, meta, scaler);
        } catch (BufferUnderflowException e) {
            throw new DataException(where + ": byte " + body.position() + ": file ends early (truncated)");
        }
    }

    /** A flag byte (0: none, 1: present), then x mean, x std (D each), t mean, t std (L each). */
    private static void writeScaler(DataOutputStream out, Scaler scaler) throws IOException {
        out.writeByte(scaler == null ? 0 : 1);
        if (scaler != null) {
            for (float[] column : new float[][] {scaler.xMean(), scaler.xStd(), scaler.tMean(), scaler.tStd()}) {
                for (float f : column) {
                    out.writeFloat(f);
                }
            }
        }
    }

    private static Scaler readScaler(ByteBuffer in, String where, int inputs, int targets) throws DataException {
        int flag = in.get();
        if (flag == 0) {
            return null;
        }
        if (flag != 1) {
            throw new DataException(where + ": byte " + (in.position() - 1) + ": scaler flag " + flag
                    + " is neither 0 nor 1");
        }
        int at = in.position();
        float[][] columns = {new float[inputs], new float[inputs], new float[targets], new float[targets]};
        for (float[] column : columns) {
            in.asFloatBuffer().get(column);
            in.position(in.position() + 4 * column.length);
        }
        try {
            return new Scaler(columns[0], columns[1], columns[2], columns[3]);
        } catch (IllegalArgumentException e) {
            throw new DataException(where + ": byte " + at + ": invalid scaler: " + e.getMessage());
        }
    }

    private static int bounded(ByteBuffer in, String where, String what, int min, int max) throws DataException {
        int at = in.position();
        int v = in.getInt();
        if (v < min || v > max) {
            throw new DataException(where + ": byte " + at + ": " + what + " " + v + " is out of range [" + min
                    + ", " + max + "]");
        }
        return v;
    }

    private static DataException bad(String where, ByteBuffer in, String problem) {
        return new DataException(where + ": byte " + in.position() + ": " + problem);
    }

    private static void writeStrings(DataOutputStream out, String[] s) throws IOException {
        for (String x : s) {
            BinaryStrings.write(out, x);
        }
    }

    private static String[] readStrings(ByteBuffer in, String where, int count) throws DataException {
        String[] out = new String[count];
        for (int i = 0; i < count; i++) {
            out[i] = BinaryStrings.read(in, where);
        }
        return out;
    }
}
