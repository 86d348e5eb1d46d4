// PropsDump.java: the reference for .properties files in
// tests/conformance/config_diff.py. For each path given, reads the file with
// java.util.Properties.load(Reader) (UTF-8) and prints one line:
//   path TAB ok TAB {"key":"value",...}   (JSON, every non-ASCII or control
//                                          character as a \\uXXXX escape)
//   path TAB error TAB message             (load refused the file)
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.util.*;

public class PropsDump {
    static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20 || c > 0x7e) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('"').toString();
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, "UTF-8");
        for (String path : args) {
            Properties p = new Properties();
            try (Reader r = new InputStreamReader(new FileInputStream(path), StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IllegalArgumentException e) {
                out.println(path + "\terror\t" + e.getMessage());
                continue;
            }
            StringBuilder b = new StringBuilder("{");
            for (String k : new TreeSet<>(p.stringPropertyNames())) {
                if (b.length() > 1) b.append(',');
                b.append(json(k)).append(':').append(json(p.getProperty(k)));
            }
            out.println(path + "\tok\t" + b.append('}'));
        }
    }
}
