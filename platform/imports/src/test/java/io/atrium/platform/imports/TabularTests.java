package io.atrium.platform.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

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
}
