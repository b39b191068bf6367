package org.mdn4j.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeModel;
import java.lang.classfile.Instruction;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.constant.ClassDesc;
import java.lang.reflect.AccessFlag;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a class file with the JDK's {@code java.lang.classfile} API and lists where its methods
 * break TornadoVM's kernel rules: every method (but the private constructor) public and static,
 * taking only primitives and primitive arrays and returning a primitive or void; in the
 * bytecode no allocation, no throw and no exception handler, no field access (objects) other
 * than none at all, no virtual, interface, special or dynamic call, static calls only to the
 * class itself or {@code java.lang.Math}, and no recursion (the static call graph inside the
 * class is acyclic).
 */
final class TornadoKernelRules {

    private static final Set<Opcode> FORBIDDEN = EnumSet.of(Opcode.NEW, Opcode.NEWARRAY, Opcode.ANEWARRAY,
            Opcode.MULTIANEWARRAY, Opcode.ATHROW, Opcode.INVOKEVIRTUAL, Opcode.INVOKEINTERFACE,
            Opcode.INVOKEDYNAMIC, Opcode.GETFIELD, Opcode.PUTFIELD, Opcode.GETSTATIC, Opcode.PUTSTATIC,
            Opcode.MONITORENTER, Opcode.MONITOREXIT, Opcode.CHECKCAST, Opcode.INSTANCEOF);

    private TornadoKernelRules() {
    }

    static List<String> violations(Class<?> type) throws IOException {
        ClassModel model;
        try (InputStream in = type.getResourceAsStream("/" + type.getName().replace('.', '/') + ".class")) {
            model = ClassFile.of().parse(in.readAllBytes());
        }
        String self = model.thisClass().asInternalName();
        List<String> found = new ArrayList<>();
        Map<String, Set<String>> calls = new HashMap<>();
        for (MethodModel m : model.methods()) {
            String name = m.methodName().stringValue();
            if (name.equals("<clinit>")) {
                found.add("a static initialiser (objects or state at class load)");
                continue;
            }
            if (name.equals("<init>")) {
                if (!m.flags().has(AccessFlag.PRIVATE)) {
                    found.add("a constructor that is not private");
                }
                continue;
            }
            String where = name + m.methodTypeSymbol().descriptorString();
            if (!m.flags().has(AccessFlag.PUBLIC) || !m.flags().has(AccessFlag.STATIC)) {
                found.add(where + ": not public static");
            }
            for (ClassDesc p : m.methodTypeSymbol().parameterList()) {
                if (!isPrimitiveOrPrimitiveArray(p)) {
                    found.add(where + ": parameter of type " + p.displayName());
                }
            }
            ClassDesc ret = m.methodTypeSymbol().returnType();
            if (!ret.isPrimitive()) {
                found.add(where + ": returns " + ret.displayName());
            }
            Set<String> callees = new HashSet<>();
            calls.put(name, callees);
            CodeModel code = m.code().orElse(null);
            if (code == null) {
                continue;
            }
            if (!code.exceptionHandlers().isEmpty()) {
                found.add(where + ": an exception handler");
            }
            for (CodeElement e : code) {
                if (e instanceof InvokeInstruction call && call.opcode() == Opcode.INVOKESTATIC) {
                    String owner = call.owner().asInternalName();
                    if (owner.equals(self)) {
                        callees.add(call.name().stringValue());
                    } else if (!owner.equals("java/lang/Math")) {
                        found.add(where + ": calls " + owner + "." + call.name().stringValue());
                    }
                } else if (e instanceof InvokeInstruction call && call.opcode() == Opcode.INVOKESPECIAL) {
                    found.add(where + ": calls " + call.owner().asInternalName() + "." + call.name().stringValue());
                } else if (e instanceof Instruction i && FORBIDDEN.contains(i.opcode())) {
                    found.add(where + ": " + i.opcode());
                }
            }
        }
        for (String start : calls.keySet()) {
            if (reaches(calls, start, start, new HashSet<>())) {
                found.add(start + ": recursion");
            }
        }
        return found;
    }

    private static boolean reaches(Map<String, Set<String>> calls, String from, String target, Set<String> seen) {
        for (String next : calls.getOrDefault(from, Set.of())) {
            if (next.equals(target)) {
                return true;
            }
            if (seen.add(next) && reaches(calls, next, target, seen)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPrimitiveOrPrimitiveArray(ClassDesc d) {
        return d.isPrimitive() || (d.isArray() && d.componentType().isPrimitive());
    }
}
