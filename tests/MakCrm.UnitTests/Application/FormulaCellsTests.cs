using MakCrm.Application.Transfer;

namespace MakCrm.UnitTests.Application;

public sealed class FormulaCellsTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("\tcalc", "'\tcalc")]
    [InlineData("\rcalc", "'\rcalc")]
    [InlineData("-", "'-")]
    [InlineData("'=already quoted", "''=already quoted")]
    [InlineData("''-2", "'''-2")]
    [InlineData("'-1500.50", "''-1500.50")]
    public void A_cell_a_spreadsheet_would_run_gets_one_more_quote(string cell, string exported) =>
        FormulaCells.Escape(cell).Should().Be(exported);

    [Theory]
    [InlineData("-1500.50")]
    [InlineData("-1500,50")]
    [InlineData("+79991234567")]
    [InlineData("1500000.00")]
    [InlineData("Иванов = Петров")]
    [InlineData("'quoted text")]
    [InlineData("")]
    public void Numbers_and_other_text_stay_as_they_are(string cell) =>
        FormulaCells.Escape(cell).Should().Be(cell);

    [Theory]
    [InlineData("=1+2")]
    [InlineData("'=1+2")]
    [InlineData("'''@x")]
    [InlineData("-1500.50")]
    [InlineData("+79991234567")]
    [InlineData("'plain")]
    [InlineData("'")]
    [InlineData("\r\n")]
    public void An_import_reads_back_exactly_what_was_exported(string cell) =>
        FormulaCells.Unescape(FormulaCells.Escape(cell)).Should().Be(cell);

    [Fact]
    public void An_import_leaves_quotes_the_export_did_not_add()
    {
        FormulaCells.Unescape("'plain").Should().Be("'plain");
        FormulaCells.Unescape("'").Should().Be("'");
        FormulaCells.Unescape(null).Should().BeNull();
    }
}
