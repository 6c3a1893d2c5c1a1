package io.atrium.platform.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the files people export from spreadsheets, and the rejected-rows file coming back. */
class TabularTests {

    @Test
    void theSeparatorIsTheOneThatSplitsTheLinesAlikeOutsideQuotes() {
        assertThat(Tabular.detectSeparator("a,b,c\n1,2,3\n")).isEqualTo(',');
        assertThat(Tabular.detectSeparator("Name;City\n\"Smith, John\";Berlin\n\"Doe, Jane\";Paris\n"))
                .isEqualTo(';');
        assertThat(Tabular.detectSeparator("a\tb\n1\t2\n")).isEqualTo('\t');
        assertThat(Tabular.detectSeparator("one column\nonly\n")).isEqualTo(',');
    }

    @Test
    void aCsvWithAByteOrderMarkQuotedLineBreaksAndBlankLinesKeepsSpreadsheetRowNumbers() {
        String file =
                "\uFEFFEmail;Note;\n" + "a@example.com;\"two\nlines; \"\"quoted\"\"\";x\n" + "\n" + "b@example.com;;\n";
        List<Tabular.DataRow> rows = new ArrayList<>();
        try (Tabular.Rows csv = Tabular.csv(new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)), ';')) {
            assertThat(csv.header()).containsExactly("Email", "Note", "Column 3");
            Tabular.DataRow row;
            while ((row = csv.next()) != null) {
                rows.add(row);
            }
        }
        assertThat(rows).extracting(Tabular.DataRow::number).containsExactly(2L, 4L);
        assertThat(rows.getFirst().cells()).containsExactly("a@example.com", "two\nlines; \"quoted\"", "x");
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedWithWhatToDo() {
        byte[] latin1 = "Email\nm\u00fcller@example.com\n".getBytes(StandardCharsets.ISO_8859_1);
        try (Tabular.Rows csv = Tabular.csv(new ByteArrayInputStream(latin1), ',')) {
            assertThatThrownBy(() -> {
                        csv.header();
                        csv.next();
                    })
                    .isInstanceOf(Tabular.UnreadableFileException.class)
                    .hasMessageContaining("not UTF-8");
        }
    }

    @Test
    void theRejectedRowsFileImportsAsTheOriginal() {
        // CsvWriter neutralises a cell starting with + - = @ with a quote; the import takes one such quote off.
        assertThat(ImportRunner.unneutralised("'+44 20 7946 0001")).isEqualTo("+44 20 7946 0001");
        assertThat(ImportRunner.unneutralised("'=1+1")).isEqualTo("=1+1");
        assertThat(ImportRunner.unneutralised("'quoted'")).isEqualTo("'quoted'");
        assertThat(ImportRunner.unneutralised("O'Brien")).isEqualTo("O'Brien");
    }

    @Test
    void anOldExcelWorkbookIsRefusedSayingWhatToSaveItAs() {
        byte[] ole2 = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};
        assertThatThrownBy(() -> Tabular.Format.detect(ole2))
                .isInstanceOf(Tabular.UnreadableFileException.class)
                .hasMessageContaining(".xlsx");
    }

    @Test
    void aWorkbookThatExpandsLikeAZipBombIsRefusedWithoutInflatingItAll(@TempDir Path dir) throws IOException {
        Path bomb = dir.resolve("bomb.xlsx");
        // 512 MB of one repeated byte: under a megabyte compressed; reading it whole would take the heap or the disk.
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(bomb))) {
            zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
            byte[] spaces = new byte[1 << 20];
            Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 512; i++) {
                zip.write(spaces);
            }
            zip.closeEntry();
        }
        assertThat(Files.size(bomb)).isLessThan(1L << 20);

        assertThatThrownBy(() -> Tabular.requireSafeWorkbook(bomb))
                .isInstanceOf(Tabular.UnreadableFileException.class)
                .hasMessageContaining("xl/worksheets/sheet1.xml")
                .hasMessageContaining("expands more than 100 times");
    }

    @Test
    void sharedStringsTooLargeToHoldInMemoryAreRefused(@TempDir Path dir) throws IOException {
        Path workbook = dir.resolve("strings.xlsx");
        // Distinct strings (they compress some 5 times, well within the ratio), 200 MB of them.
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(workbook))) {
            zip.setLevel(1);
            zip.putNextEntry(new ZipEntry("xl/sharedStrings.xml"));
            java.util.Random random = new java.util.Random(4);
            byte[] chunk = new byte[1 << 20];
            for (int i = 0; i < 200; i++) {
                for (int j = 0; j < chunk.length; j++) {
                    chunk[j] = (byte) ('a' + random.nextInt(16));
                }
                zip.write(chunk);
            }
            zip.closeEntry();
        }

        assertThatThrownBy(() -> Tabular.requireSafeWorkbook(workbook))
                .isInstanceOf(Tabular.UnreadableFileException.class)
                .hasMessageContaining("shared strings expand to more than 192 MB");
    }

    @Test
    void aWorkbookOfCountlessPartsIsRefused(@TempDir Path dir) throws IOException {
        Path parts = dir.resolve("parts.xlsx");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(parts))) {
            for (int i = 0; i <= Tabular.MAX_WORKBOOK_PARTS; i++) {
                zip.putNextEntry(new ZipEntry("xl/part" + i + ".xml"));
                zip.closeEntry();
            }
        }

        assertThatThrownBy(() -> Tabular.requireSafeWorkbook(parts))
                .isInstanceOf(Tabular.UnreadableFileException.class)
                .hasMessageContaining("more than 10000 parts");
    }

    @Test
    void aWorkbookOfOrdinaryRowsPassesTheCheck(@TempDir Path dir) throws IOException {
        Path workbook = dir.resolve("people.xlsx");
        // Sheet XML as spreadsheets write it: repeated tags around distinct values, compressing some 10 to 30 times.
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(workbook))) {
            zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
            StringBuilder rows = new StringBuilder("<worksheet><sheetData>");
            java.util.Random random = new java.util.Random(18);
            for (int r = 1; r <= 50_000; r++) {
                rows.append("<row r=\"")
                        .append(r)
                        .append("\"><c r=\"A")
                        .append(r)
                        .append("\" t=\"inlineStr\"><is><t>")
                        .append(Long.toString(random.nextLong(), 36))
                        .append("@example.org</t></is></c></row>");
            }
            zip.write(rows.append("</sheetData></worksheet>").toString().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }

        assertThat(Tabular.requireSafeWorkbook(workbook)).isEqualTo(workbook);
    }
}
