using System.Reflection;
using MakCrm.Domain.Common;

namespace MakCrm.UnitTests.Domain;

public sealed class ErrorCodesTests
{
    private static readonly IReadOnlyList<string> Declared = typeof(ErrorCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToList();

    [Fact]
    public void The_catalogue_holds_every_declared_code_and_nothing_else()
    {
        Declared.Should().NotBeEmpty();
        ErrorCodes.Titles.Keys.Should().BeEquivalentTo(Declared);
    }

    [Fact]
    public void Every_code_has_a_title_of_its_own_words()
    {
        ErrorCodes.Titles.Where(t => string.IsNullOrWhiteSpace(t.Value) || !t.Value.EndsWith('.')).Should().BeEmpty();
    }

    [Fact]
    public void Codes_are_snake_case_and_distinct()
    {
        Declared.Should().OnlyHaveUniqueItems();
        Declared.Where(c => !System.Text.RegularExpressions.Regex.IsMatch(c, "^[a-z]+(_[a-z]+)*$")).Should().BeEmpty();
    }

    [Fact]
    public void An_error_says_itself_in_one_line_with_its_fields_messages_when_it_has_them()
    {
        Error
            .Validation(
                new Dictionary<string, string[]> { ["assignee"] = ["None is active."], ["due"] = ["Past.", "Late."] }
            )
            .Describe()
            .Should()
            .Be("validation_failed: assignee: None is active.; due: Past.; due: Late.");
        Error.NotFound("Lead", Guid.Empty).Describe().Should().Be($"not_found: Lead {Guid.Empty} was not found.");
    }
}
