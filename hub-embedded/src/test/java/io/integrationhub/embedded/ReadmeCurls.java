package io.integrationhub.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The curl commands of the README's fenced code blocks, as a user would type them, with the output the README shows
 * under each: method, request target, headers, body, whether it logs in ({@code -u}), and the status it shows
 * ({@code HTTP/1.1 409} of a {@code -i}, or the {@code status} of a problem body). Pipes ({@code | jq}),
 * redirections and trailing comments are the reader's business and are cut off; {@code <orderId>} is a placeholder.
 */
final class ReadmeCurls {

    private static final Pattern HTTP_STATUS = Pattern.compile("^HTTP/1\\.1 (\\d{3})\\b");
    /** {@code | jq .delivery}, {@code | jq -c '.steps[]'}: a filter that is more than the identity {@code .}. */
    private static final Pattern JQ_PART = Pattern.compile("\\|\\s*jq(\\s+-\\w+)*\\s+'?\\.[\\w\\[]");
    private static final Pattern PROBLEM_STATUS = Pattern.compile("^\\{\"type\":\"[^\"]*\",.*\"status\":(\\d{3})\\b");

    /**
     * @param section the {@code ###} heading above it
     * @param line    its line in README.md (1-based)
     * @param port    the port it calls (8080: the hub's HTTP port; 9090…: a simulated legacy system)
     * @param target  path and query exactly as curl sends them
     * @param login   whether it passes {@code -u}
     * @param output  the lines the README shows below it, up to the next command
     * @param shown   the status the README shows, or 0 when it shows none (a 2xx body or nothing)
     * @param filtered whether the output went through a jq filter that picks a part of the body ({@code jq .delivery}):
     *                 then what the README shows is that part, not the resource
     */
    record Curl(String section, int line, String method, int port, String target, Map<String, String> headers,
            String body, boolean login, List<String> output, int shown, boolean filtered) {

        String path() {
            int query = target.indexOf('?');
            return query < 0 ? target : target.substring(0, query);
        }

        @Override
        public String toString() {
            return "README.md:" + line + " " + method + " " + target;
        }
    }

    private ReadmeCurls() {
    }

    static List<Curl> read(Path readme) throws IOException {
        List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
        List<Curl> curls = new ArrayList<>();
        String section = "";
        boolean fenced = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!fenced && line.startsWith("#")) {
                section = line.replaceFirst("^#+\\s*", "");
            }
            if (line.trim().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (!fenced || !line.trim().startsWith("curl ")) {
                continue;
            }
            int start = i;
            StringBuilder command = new StringBuilder(line.trim());
            while (command.toString().endsWith("\\") && i + 1 < lines.size()) {
                command.setLength(command.length() - 1);
                command.append(' ').append(lines.get(++i).trim());
            }
            List<String> output = new ArrayList<>();
            while (i + 1 < lines.size() && !lines.get(i + 1).trim().startsWith("```") && !isCommand(lines.get(i + 1))) {
                output.add(lines.get(++i));
            }
            curls.add(parse(section, start + 1, command.toString(), output));
        }
        return curls;
    }

    /** A line that starts the next command (or a comment) rather than continuing the output. */
    private static boolean isCommand(String line) {
        String trimmed = line.trim();
        return trimmed.startsWith("curl ") || trimmed.startsWith("psql ") || trimmed.startsWith("#")
                || trimmed.startsWith("./") || trimmed.startsWith("npx ") || trimmed.matches("^[A-Z_]+=.*");
    }

    private static Curl parse(String section, int line, String command, List<String> output) {
        List<String> words = words(command);
        String method = null;
        String url = null;
        Map<String, String> headers = new LinkedHashMap<>();
        String body = null;
        boolean login = false;
        for (int w = 1; w < words.size(); w++) {
            String word = words.get(w);
            switch (word) {
                case "-X" -> method = words.get(++w);
                case "-H" -> {
                    String header = words.get(++w);
                    int colon = header.indexOf(':');
                    headers.put(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
                }
                case "-d" -> body = words.get(++w);
                case "-u" -> {
                    login = true;
                    w++;
                }
                default -> {
                    if (!word.startsWith("-")) {
                        url = word;
                    }
                }
            }
        }
        if (url == null || !url.startsWith("localhost:")) {
            throw new IllegalStateException("README.md:" + line + ": no localhost URL in " + command);
        }
        if (method == null) {
            method = body == null ? "GET" : "POST";
        }
        String hostPort = url.substring("localhost:".length());
        int slash = hostPort.indexOf('/');
        int port = Integer.parseInt(hostPort.substring(0, slash));
        return new Curl(section, line, method, port, hostPort.substring(slash), headers, body, login, output,
                shownStatus(output), JQ_PART.matcher(command).find());
    }

    private static int shownStatus(List<String> output) {
        for (String line : output) {
            Matcher http = HTTP_STATUS.matcher(line.trim());
            if (http.find()) {
                return Integer.parseInt(http.group(1));
            }
            Matcher problem = PROBLEM_STATUS.matcher(line.trim());
            if (problem.find()) {
                return Integer.parseInt(problem.group(1));
            }
        }
        return 0;
    }

    /** Shell words of one command line: quotes removed, cut at the first unquoted pipe, redirection, && or comment. */
    static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
                continue;
            }
            // a '>' inside a word is the README's placeholder (tickets/<orderId>), not a redirection
            if (c == '|' || (c == '>' && word == null) || c == '#' || (c == '&' && command.startsWith("&&", i))) {
                break;
            }
            if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                continue;
            }
            word = word == null ? new StringBuilder() : word;
            word.append(c);
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}
