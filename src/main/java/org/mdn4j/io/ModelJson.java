package org.mdn4j.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mdn4j.data.DataException;
import org.mdn4j.data.InputFiles;
import org.mdn4j.data.Scaler;
import org.mdn4j.kernel.Activation;
import org.mdn4j.nn.Head;
import org.mdn4j.nn.ModelSpec;
import org.mdn4j.nn.ModelType;
import org.mdn4j.nn.ParameterLayout;

/**
 * The JSON form of a model, version 1 (documented in {@code docs/FORMATS.md}): the spec, the
 * column names, each layer's weight matrix and bias, and the metadata, for tools outside the JVM.
 * Floats are written as {@link Float#toString} and read with {@link Float#parseFloat}, so
 * {@code .mdn → JSON → .mdn} gives bitwise-identical parameters.
 *
 * <p>The reader checks everything the binary reader checks — shapes, counts, finite values — and
 * rejects unknown keys, so a misspelt optional key is an error rather than silently ignored. Its
 * messages name the file and the JSON path, e.g. {@code layers[1].weight[3]}.
 */
public final class ModelJson {

    public static final String FORMAT = "mdn4j";
    public static final int VERSION = 1;

    private static final Set<String> KEYS = Set.of("format", "version", "model", "inputs", "targets", "head",
            "sigma_floor", "input_names", "target_names", "layers", "scaler", "metadata");
    private static final Set<String> HEAD_KEYS = Set.of("type", "components");
    private static final Set<String> SCALER_KEYS = Set.of("x_mean", "x_std", "t_mean", "t_std");
    private static final Set<String> LAYER_KEYS = Set.of("in", "out", "activation", "weight", "bias");
    /** The binary format's bounds, so that every JSON model can also be written as a model file. */
    private static final int MAX_WIDTH = 1 << 20;
    private static final int MAX_LAYERS = 1025;
    private static final int MAX_STRINGS = 1 << 16;
    private static final int MAX_STRING_BYTES = 1 << 20;

    private ModelJson() {
    }

    /** The JSON document as a tree of maps and lists, keys in the documented order. */
    public static Map<String, Object> toTree(Model model) {
        ModelSpec s = model.spec();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("model", s.type().label());
        root.put("inputs", s.inputs());
        root.put("targets", s.targets());
        if (s.type() == ModelType.MDN) {
            Map<String, Object> head = new LinkedHashMap<>();
            head.put("type", s.head().label());
            head.put("components", s.components());
            root.put("head", head);
        } else {
            root.put("head", null);
        }
        root.put("sigma_floor", s.sigmaFloor());
        root.put("input_names", List.of(model.inputNames()));
        root.put("target_names", List.of(model.targetNames()));
        ParameterLayout layout = new ParameterLayout(s);
        float[] p = model.parameters();
        List<Object> layers = new ArrayList<>();
        for (int i = 0; i < s.layerCount(); i++) {
            int in = s.layerIn(i);
            int out = s.layerOut(i);
            Map<String, Object> layer = new LinkedHashMap<>();
            layer.put("in", in);
            layer.put("out", out);
            layer.put("activation", s.layerActivation(i).label());
            List<Object> rows = new ArrayList<>(out);
            for (int r = 0; r < out; r++) {
                int at = layout.weightOffset(i) + r * in;
                rows.add(Arrays.copyOfRange(p, at, at + in));
            }
            layer.put("weight", rows);
            layer.put("bias", Arrays.copyOfRange(p, layout.biasOffset(i), layout.biasOffset(i) + out));
            layers.add(layer);
        }
        root.put("layers", layers);
        root.put("scaler", tree(model.scaler()));
        root.put("metadata", new LinkedHashMap<>(model.metadata()));
        return root;
    }

    /** The JSON tree of a scaler ({@code x_mean}, {@code x_std}, {@code t_mean}, {@code t_std}), or null for none. */
    public static Map<String, Object> tree(Scaler scaler) {
        if (scaler == null) {
            return null;
        }
        Map<String, Object> sc = new LinkedHashMap<>();
        sc.put("x_mean", scaler.xMean());
        sc.put("x_std", scaler.xStd());
        sc.put("t_mean", scaler.tMean());
        sc.put("t_std", scaler.tStd());
        return sc;
    }

    /** Pretty-printed JSON text, UTF-8 when written. */
    public static String encode(Model model) {
        return JsonWriter.pretty(toTree(model));
    }

    /** Writes atomically (see {@link AtomicFiles}). */
    public static void write(Model model, Path file) throws IOException {
        AtomicFiles.writeString(file, encode(model));
    }

    public static Model read(Path file) throws DataException {
        return decode(InputFiles.readAllBytes(file), file.toString());
    }

    /** Parses and checks a JSON model; {@code where} names the source in error messages. */
    public static Model decode(byte[] utf8, String where) throws DataException {
        return fromTree(JsonReader.parse(utf8, where), where);
    }

    public static Model fromTree(Object tree, String where) throws DataException {
        Node root = new Node(tree, "", where);
        Map<String, Object> top = root.object(KEYS);
        String format = root.get(top, "format").string();
        if (!FORMAT.equals(format)) {
            throw root.at("format").bad("is \"" + format + "\", not \"" + FORMAT + "\" (not an mdn4j model)");
        }
        int version = root.get(top, "version").integer(Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (version != VERSION) {
            throw root.at("version").bad("JSON model version " + version + " is not supported (this build reads version "
                    + VERSION + ")");
        }
        int inputs = root.get(top, "inputs").integer(1, MAX_WIDTH);
        int targets = root.get(top, "targets").integer(1, MAX_WIDTH);
        Node headNode = root.get(top, "head");
        ModelType type = headNode.value == null ? ModelType.MLP : ModelType.MDN;
        if (top.containsKey("model")) {
            Node modelNode = root.get(top, "model");
            String label = modelNode.string();
            if (!label.equals(ModelType.MDN.label()) && !label.equals(ModelType.MLP.label())) {
                throw modelNode.bad("is \"" + label + "\"; expected \"mdn\" or \"mlp\"");
            }
            if (!label.equals(type.label())) {
                throw modelNode.bad("is \"" + label + "\" but head is "
                        + (type == ModelType.MLP ? "null (an mlp)" : "an object (an mdn)"));
            }
        }
        int components = 0;
        Head headKind = Head.ISOTROPIC;
        if (type == ModelType.MDN) {
            Map<String, Object> head = headNode.object(HEAD_KEYS);
            Node headType = headNode.get(head, "type");
            try {
                headKind = Head.parse(headType.string());
            } catch (IllegalArgumentException e) {
                throw headType.bad(e.getMessage());
            }
            components = headNode.get(head, "components").integer(1, MAX_WIDTH);
        }
        Node floorNode = root.get(top, "sigma_floor");
        float floor = floorNode.floatValue();
        if (!(floor > 0f)) {
            throw floorNode.bad("must be positive, got " + floor);
        }
        String[] inputNames = root.get(top, "input_names").strings(inputs, "inputs");
        String[] targetNames = root.get(top, "target_names").strings(targets, "targets");
        Scaler scaler = readScaler(root.get(top, "scaler"), inputs, targets);
        Map<String, String> metadata = root.get(top, "metadata").metadata();

        Node layersNode = root.get(top, "layers");
        List<Object> layers = layersNode.array();
        if (layers.isEmpty() || layers.size() > MAX_LAYERS) {
            throw layersNode.bad("has " + layers.size() + " layers; expected 1 to " + MAX_LAYERS);
        }
        int hiddenCount = layers.size() - 1;
        int[] hidden = new int[hiddenCount];
        Activation[] acts = new Activation[hiddenCount];
        // shapes first, so the spec (and the parameter count) is known before any weight is read
        for (int i = 0; i < layers.size(); i++) {
            Node layer = layersNode.element(layers, i);
            Map<String, Object> m = layer.object(LAYER_KEYS);
            int in = layer.get(m, "in").integer(1, MAX_WIDTH);
            int expectedIn = i == 0 ? inputs : hidden[i - 1];
            if (in != expectedIn) {
                throw layer.at("in").bad("is " + in + "; expected " + expectedIn
                        + (i == 0 ? " (inputs)" : " (the previous layer's out)"));
            }
            Node outNode = layer.get(m, "out");
            Node actNode = layer.get(m, "activation");
            Activation act;
            try {
                act = Activation.parse(actNode.string());
            } catch (IllegalArgumentException e) {
                throw actNode.bad(e.getMessage());
            }
            if (i < hiddenCount) {
                hidden[i] = outNode.integer(1, MAX_WIDTH);
                acts[i] = act;
            } else if (act != Activation.IDENTITY) {
                throw actNode.bad("is \"" + act.label() + "\"; the last layer must be \"identity\"");
            }
        }
        ModelSpec spec;
        try {
            spec = new ModelSpec(type, inputs, targets, components, hidden, acts, floor, headKind);
        } catch (IllegalArgumentException e) {
            throw new DataException(where + ": invalid model: " + e.getMessage());
        }
        Node last = layersNode.element(layers, hiddenCount);
        int lastOut = last.get(last.object(LAYER_KEYS), "out").integer(0, Integer.MAX_VALUE);
        if (lastOut != spec.outputs()) {
            throw last.at("out").bad("is " + lastOut + "; the " + type.label() + " head needs " + spec.outputs()
                    + (type == ModelType.MDN ? " (components * (1 + targets + " + spec.scaleWidth() + "))" : " (targets)"));
        }
        ParameterLayout layout;
        try {
            layout = new ParameterLayout(spec);
        } catch (IllegalArgumentException e) {
            throw new DataException(where + ": invalid model: " + e.getMessage());
        }
        float[] params = new float[layout.size()];
        for (int i = 0; i < spec.layerCount(); i++) {
            Node layer = layersNode.element(layers, i);
            Map<String, Object> m = layer.object(LAYER_KEYS);
            int in = spec.layerIn(i);
            int out = spec.layerOut(i);
            Node weight = layer.get(m, "weight");
            List<Object> rows = weight.array();
            if (rows.size() != out) {
                throw weight.bad("has " + rows.size() + " rows; expected " + out + " (out)");
            }
            for (int r = 0; r < out; r++) {
                weight.element(rows, r).floats(in, "in", params, layout.weightOffset(i) + r * in);
            }
            layer.get(m, "bias").floats(out, "out", params, layout.biasOffset(i));
        }
        return new Model(spec, params, inputNames, targetNames, metadata, scaler);
    }

    /** {@code null}, or an object of four arrays: x_mean, x_std (D each), t_mean, t_std (L each). */
    private static Scaler readScaler(Node node, int inputs, int targets) throws DataException {
        if (node.value == null) {
            return null;
        }
        Map<String, Object> m = node.object(SCALER_KEYS);
        float[] xMean = new float[inputs];
        float[] xStd = new float[inputs];
        float[] tMean = new float[targets];
        float[] tStd = new float[targets];
        node.get(m, "x_mean").floats(inputs, "inputs", xMean, 0);
        node.get(m, "x_std").floats(inputs, "inputs", xStd, 0);
        node.get(m, "t_mean").floats(targets, "targets", tMean, 0);
        node.get(m, "t_std").floats(targets, "targets", tStd, 0);
        try {
            return new Scaler(xMean, xStd, tMean, tStd);
        } catch (IllegalArgumentException e) {
            throw node.bad(e.getMessage());
        }
    }

    /** One value of the tree with its JSON path, for messages such as {@code layers[0].bias[2]}. */
    private record Node(Object value, String path, String where) {

        Node at(String key) {
            return new Node(null, path.isEmpty() ? key : path + "." + key, where);
        }

        DataException bad(String problem) {
            return new DataException(where + ": " + (path.isEmpty() ? "the document" : path) + ": " + problem);
        }

        /** A required member of this object. */
        Node get(Map<String, Object> map, String key) throws DataException {
            Node n = at(key);
            if (!map.containsKey(key)) {
                throw n.bad("missing");
            }
            return new Node(map.get(key), n.path, where);
        }

        Node element(List<Object> list, int i) {
            return new Node(list.get(i), path + "[" + i + "]", where);
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> object(Set<String> allowed) throws DataException {
            if (!(value instanceof Map)) {
                throw bad("expected an object, found " + kind(value));
            }
            Map<String, Object> m = (Map<String, Object>) value;
            for (String key : m.keySet()) {
                if (!allowed.contains(key)) {
                    throw at(key).bad("unknown key");
                }
            }
            return m;
        }

        @SuppressWarnings("unchecked")
        List<Object> array() throws DataException {
            if (!(value instanceof List)) {
                throw bad("expected an array, found " + kind(value));
            }
            return (List<Object>) value;
        }

        String string() throws DataException {
            if (!(value instanceof String s)) {
                throw bad("expected a string, found " + kind(value));
            }
            return s;
        }

        int integer(int min, int max) throws DataException {
            if (!(value instanceof JsonNumber n) || !n.isInteger()) {
                throw bad("expected a whole number, found " + kind(value));
            }
            long v;
            try {
                v = Long.parseLong(n.text());
            } catch (NumberFormatException e) {
                v = n.text().startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
            if (v < min || v > max) {
                throw bad(n.text() + " is out of range [" + min + ", " + max + "]");
            }
            return (int) v;
        }

        /** A finite float, parsed straight from the literal so it is bit-exact. */
        float floatValue() throws DataException {
            if (!(value instanceof JsonNumber n)) {
                throw bad("expected a number, found " + kind(value));
            }
            float f = Float.parseFloat(n.text());
            if (!Float.isFinite(f)) {
                throw bad(n.text() + " does not fit a 32-bit float");
            }
            return f;
        }

        /** An array of exactly {@code count} finite floats, copied into {@code dst[at ..]}. */
        void floats(int count, String what, float[] dst, int at) throws DataException {
            List<Object> list = array();
            if (list.size() != count) {
                throw bad("has " + list.size() + " values; expected " + count + " (" + what + ")");
            }
            for (int i = 0; i < count; i++) {
                dst[at + i] = element(list, i).floatValue();
            }
        }

        String[] strings(int count, String what) throws DataException {
            List<Object> list = array();
            if (list.size() != count) {
                throw bad("has " + list.size() + " names; expected " + count + " (" + what + ")");
            }
            String[] out = new String[count];
            for (int i = 0; i < count; i++) {
                Node name = element(list, i);
                out[i] = checked(name.string(), name);
            }
            return out;
        }

        /** String values; a number or boolean is kept as its text (the binary file stores text). */
        Map<String, String> metadata() throws DataException {
            if (!(value instanceof Map<?, ?> m)) {
                throw bad("expected an object, found " + kind(value));
            }
            if (m.size() > MAX_STRINGS) {
                throw bad("has " + m.size() + " entries; at most " + MAX_STRINGS + " are supported");
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = (String) e.getKey();
                Object v = e.getValue();
                if (!(v instanceof String || v instanceof JsonNumber || v instanceof Boolean)) {
                    throw at(key).bad("expected a string, found " + kind(v));
                }
                out.put(checked(key, at(key)), checked(v.toString(), at(key)));
            }
            return out;
        }

        /** The binary file's limit on one string, checked here so every import can be written. */
        private static String checked(String s, Node where) throws DataException {
            if (s.getBytes(StandardCharsets.UTF_8).length > MAX_STRING_BYTES) {
                throw where.bad("a string longer than " + MAX_STRING_BYTES + " bytes");
            }
            return s;
        }

        private static String kind(Object v) {
            return switch (v) {
                case null -> "null";
                case String s -> "a string";
                case JsonNumber n -> "the number " + n.text();
                case Boolean b -> b.toString();
                case Map<?, ?> m -> "an object";
                case List<?> l -> "an array";
                default -> v.getClass().getSimpleName();
            };
        }
    }
}
