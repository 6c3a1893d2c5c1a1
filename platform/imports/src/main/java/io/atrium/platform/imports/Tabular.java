package io.atrium.platform.imports;

import de.siegmar.fastcsv.reader.CommentStrategy;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;

/**
 * Rows from a CSV or XLSX file, streamed: CSV is RFC 4180 as spreadsheets write it (UTF-8 with or without a byte order
 * mark; comma, semicolon, tab or pipe separated, detected; quoted fields with embedded separators, quotes and line
 * breaks) read by FastCSV; XLSX is the workbook's first sheet, read by fastexcel-reader (StAX over the zip, only the
 * shared strings in memory). Rows whose cells are all blank are skipped in both.
 */
final class Tabular {

    /** The separators a CSV may use, in the order a tie is decided. */
    private static final char[] SEPARATORS = {',', ';', '\t', '|'};

    private Tabular() {}

    /** What a file is. */
    enum Format {
        CSV("csv"),
        XLSX("xlsx");

        private final String wire;

        Format(String wire) {
            this.wire = wire;
        }

        String wire() {
            return wire;
        }

        static Format ofWire(String wire) {
            return Arrays.stream(values())
                    .filter(f -> f.wire.equals(wire))
                    .findFirst()
                    .orElseThrow();
        }

        /** A zip (an XLSX workbook) or text; an old binary .xls is refused. */
        static Format detect(byte[] head) {
            if (ReadableWorkbook.isOOXMLZipHeader(head)) {
                return XLSX;
            }
            if (ReadableWorkbook.isOLE2Header(head)) {
                throw new UnreadableFileException(
                        "this is an Excel 97-2003 workbook (.xls): save it as .xlsx or CSV (UTF-8) and upload that");
            }
            return CSV;
        }
    }

    /** A data row: its ordinal among data rows (0 for the first after the header), its row number and its cells. */
    record DataRow(long ordinal, long number, List<String> cells) {}

    /** A file the import cannot read, with what to do about it. */
    static final class UnreadableFileException extends RuntimeException {
        UnreadableFileException(String message) {
            super(message);
        }

        UnreadableFileException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Rows one by one: the header first, then data rows. */
    interface Rows extends Closeable {

        /** The header's cells, trimmed; a blank one is named after its column ("Column 3"), a repeat numbered. */
        List<String> header();

        /** The next data row, or null at the end. */
        DataRow next();

        @Override
        void close();
    }

    /**
     * The separator of a CSV: of comma, semicolon, tab and pipe, the one that splits the first lines (outside quotes)
     * into the same number of fields most often, preferring more fields; comma when none splits anything.
     */
    static char detectSeparator(String sample) {
        List<String> lines = logicalLines(sample, 50);
        char best = ',';
        long bestScore = 0;
        for (char separator : SEPARATORS) {
            Map<Integer, Integer> countsOfCounts = new HashMap<>();
            for (String line : lines) {
                int count = countOutsideQuotes(line, separator);
                if (count > 0) {
                    countsOfCounts.merge(count, 1, Integer::sum);
                }
            }
            long score = countsOfCounts.entrySet().stream()
                    .mapToLong(e -> (long) e.getValue() * 1000 + e.getKey())
                    .max()
                    .orElse(0);
            if (score > bestScore) {
                bestScore = score;
                best = separator;
            }
        }
        return best;
    }

    /** Lines of the sample, a quoted line break kept inside its line; the last line dropped when the sample cut it. */
    private static List<String> logicalLines(String sample, int max) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < sample.length() && lines.size() < max; i++) {
            char c = sample.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (!quoted && (c == '\n' || c == '\r')) {
                if (!line.isEmpty()) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
            } else {
                line.append(c);
            }
        }
        return lines;
    }

    private static int countOutsideQuotes(String line, char separator) {
        int count = 0;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == separator && !quoted) {
                count++;
            }
        }
        return count;
    }

    /** The rows of a CSV in strict UTF-8 (a byte order mark is skipped); bytes that are not UTF-8 are refused. */
    static Rows csv(InputStream in, char separator) {
        try {
            BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
            buffered.mark(3);
            byte[] bom = buffered.readNBytes(3);
            if (!(bom.length == 3 && (bom[0] & 0xFF) == 0xEF && (bom[1] & 0xFF) == 0xBB && (bom[2] & 0xFF) == 0xBF)) {
                buffered.reset();
            }
            InputStreamReader reader = new InputStreamReader(
                    buffered,
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT));
            CsvReader<CsvRecord> csv = CsvReader.builder()
                    .fieldSeparator(separator)
                    .quoteCharacter('"')
                    .commentStrategy(CommentStrategy.NONE)
                    .skipEmptyLines(false)
                    .allowExtraFields(true)
                    .allowMissingFields(true)
                    .allowExtraCharsAfterClosingQuote(true)
                    .ofCsvRecord(reader);
            return new CsvRows(csv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Most parts a workbook may hold (a real one has tens; a crafted zip may have millions of tiny entries). */
    static final int MAX_WORKBOOK_PARTS = 10_000;

    /** Most bytes a workbook may expand to, all parts together (a million-row sheet is a few hundred MB of XML). */
    static final long MAX_WORKBOOK_EXPANDED = 4L << 30;

    /**
     * How much more a part may expand than it is compressed, beyond its first megabyte: sheet XML compresses 10 to 30
     * times; a zip bomb thousands of times (POI's ZipSecureFile refuses below 1/100 too).
     */
    static final int MAX_EXPANSION_RATIO = 100;

    private static final long RATIO_GRACE = 1L << 20;

    /**
     * Most bytes the shared strings may expand to: the reader keeps them in memory (a list of strings), so this bounds
     * what a workbook costs the heap. A million rows of distinct names and emails are about 150 MB.
     */
    static final long MAX_SHARED_STRINGS = 192L << 20;

    /**
     * Checks that a workbook is not a zip bomb before anything parses it: every part is inflated once, counting the
     * bytes it actually yields (a zip's declared sizes may lie), and a part that expands more than
     * {@link #MAX_EXPANSION_RATIO} times, a workbook beyond {@link #MAX_WORKBOOK_EXPANDED} bytes or with more than
     * {@link #MAX_WORKBOOK_PARTS} parts is refused, having read at most a little past the limit. Memory stays flat;
     * the upload checks once, the runs then trust the stored file.
     */
    static Path requireSafeWorkbook(Path file) {
        long total = 0;
        int parts = 0;
        byte[] buffer = new byte[1 << 16];
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            var entries = zip.entries();
            while (entries.hasMoreElements()) {
                java.util.zip.ZipEntry entry = entries.nextElement();
                if (++parts > MAX_WORKBOOK_PARTS) {
                    throw new UnreadableFileException("the workbook has more than " + MAX_WORKBOOK_PARTS
                            + " parts; a spreadsheet has tens: save it again as .xlsx or CSV");
                }
                long compressed = Math.max(entry.getCompressedSize(), 1);
                long expanded = 0;
                try (InputStream in = zip.getInputStream(entry)) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        expanded += n;
                        total += n;
                        if (expanded > RATIO_GRACE && expanded > compressed * MAX_EXPANSION_RATIO) {
                            throw new UnreadableFileException("the workbook's part " + entry.getName()
                                    + " expands more than " + MAX_EXPANSION_RATIO + " times its size (a zip bomb?):"
                                    + " save the sheet as CSV (UTF-8) and upload that");
                        }
                        if (expanded > MAX_SHARED_STRINGS && entry.getName().equalsIgnoreCase("xl/sharedStrings.xml")) {
                            throw new UnreadableFileException("the workbook's shared strings expand to more than "
                                    + (MAX_SHARED_STRINGS >> 20) + " MB, more than an import holds in memory:"
                                    + " save the sheet as CSV (UTF-8) and upload that");
                        }
                        if (total > MAX_WORKBOOK_EXPANDED) {
                            throw new UnreadableFileException("the workbook expands to more than "
                                    + (MAX_WORKBOOK_EXPANDED >> 30) + " GB: split it, or save it as CSV (UTF-8)");
                        }
                    }
                }
            }
            return file;
        } catch (UnreadableFileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new UnreadableFileException("the file is not a readable XLSX workbook: " + e.getMessage(), e);
        }
    }

    /** The rows of an XLSX workbook's first sheet. */
    static Rows xlsx(Path file) {
        try {
            ReadableWorkbook workbook = new ReadableWorkbook(file.toFile(), new ReadingOptions(true, false));
            Stream<Row> rows = workbook.getFirstSheet().openStream();
            return new XlsxRows(workbook, rows);
        } catch (IOException | RuntimeException e) {
            throw new UnreadableFileException("the file is not a readable XLSX workbook: " + e.getMessage(), e);
        }
    }

    private abstract static class HeaderFirst implements Rows {
        private List<String> header;
        private long ordinal;

        /** The next non-blank row as cells with its row number, or null. */
        abstract DataRow read();

        @Override
        public List<String> header() {
            if (header == null) {
                DataRow first = read();
                if (first == null) {
                    throw new UnreadableFileException("the file is empty: it needs a header row naming its columns");
                }
                header = names(first.cells());
            }
            return header;
        }

        @Override
        public DataRow next() {
            header();
            DataRow row = read();
            return row == null ? null : new DataRow(ordinal++, row.number(), row.cells());
        }

        private static List<String> names(List<String> cells) {
            List<String> names = new ArrayList<>();
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < cells.size(); i++) {
                String name = cells.get(i) == null ? "" : cells.get(i).strip();
                if (name.isEmpty()) {
                    name = "Column " + (i + 1);
                }
                int n = seen.merge(name.toLowerCase(Locale.ROOT), 1, Integer::sum);
                names.add(n == 1 ? name : name + " (" + n + ")");
            }
            return names;
        }

        static boolean blank(List<String> cells) {
            return cells.stream().allMatch(c -> c == null || c.isBlank());
        }
    }

    private static final class CsvRows extends HeaderFirst {
        private final CsvReader<CsvRecord> csv;
        private final Iterator<CsvRecord> records;
        private long number;

        CsvRows(CsvReader<CsvRecord> csv) {
            this.csv = csv;
            this.records = csv.iterator();
        }

        @Override
        DataRow read() {
            try {
                // Blank lines are rows too (skipped, but counted), so row numbers are those a spreadsheet shows.
                while (records.hasNext()) {
                    CsvRecord record = records.next();
                    number++;
                    List<String> cells = record.getFields();
                    if (!blank(cells)) {
                        return new DataRow(-1, number, cells);
                    }
                }
                return null;
            } catch (UncheckedIOException e) {
                if (e.getCause() instanceof CharacterCodingException) {
                    throw new UnreadableFileException(
                            "the file is not UTF-8 text (after row " + number + "): save it as CSV UTF-8", e);
                }
                throw e;
            } catch (RuntimeException e) {
                throw new UnreadableFileException("row " + (number + 1) + " is not valid CSV: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try {
                csv.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final class XlsxRows extends HeaderFirst {
        private final ReadableWorkbook workbook;
        private final Stream<Row> stream;
        private final Iterator<Row> rows;

        XlsxRows(ReadableWorkbook workbook, Stream<Row> stream) {
            this.workbook = workbook;
            this.stream = stream;
            this.rows = stream.iterator();
        }

        @Override
        DataRow read() {
            try {
                while (rows.hasNext()) {
                    Row row = rows.next();
                    List<String> cells = new ArrayList<>(row.getCellCount());
                    for (int i = 0; i < row.getCellCount(); i++) {
                        cells.add(text(row.getCell(i)));
                    }
                    if (!blank(cells)) {
                        return new DataRow(-1, row.getRowNum(), cells);
                    }
                }
                return null;
            } catch (RuntimeException e) {
                throw new UnreadableFileException("the workbook could not be read: " + e.getMessage(), e);
            }
        }

        /** A cell as the spreadsheet shows its value: numbers without a trailing ".0", dates as ISO dates. */
        private static String text(Cell cell) {
            if (cell == null || cell.getRawValue() == null) {
                return null;
            }
            return switch (cell.getType()) {
                case NUMBER -> {
                    String format = cell.getDataFormatString();
                    if (format != null && looksLikeDate(format)) {
                        yield cell.asDate().toString().replace("T00:00", "");
                    }
                    yield new BigDecimal(cell.getRawValue())
                            .stripTrailingZeros()
                            .toPlainString();
                }
                case ERROR, EMPTY -> null;
                default -> cell.getText();
            };
        }

        private static boolean looksLikeDate(String format) {
            String f = format.toLowerCase(Locale.ROOT).replaceAll("\"[^\"]*\"|\\[[^]]*]", "");
            return f.contains("y") || f.contains("d") || (f.contains("m") && !f.contains("0"));
        }

        @Override
        public void close() {
            stream.close();
            try {
                workbook.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
