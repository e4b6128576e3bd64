using FluentAssertions;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Clients;
using MakCrm.Application.Common;
using MakCrm.Application.CustomFields;
using MakCrm.Application.Deals;
using MakCrm.Application.Leads;
using MakCrm.Domain.Leads;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.Repositories;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace MakCrm.UnitTests.Infrastructure;

/// <summary>
/// What a query's shape is made of and which values are taken out of it, on the product's own model; and that every
/// shape of the lead list is compiled by EF Core with its values as parameters. Nothing connects: EF Core translates a
/// compiled query when it is first called, before it opens a connection.
/// </summary>
public sealed class CompiledShapesTests : IDisposable
{
    private readonly MakCrmDbContext db = new(
        new DbContextOptionsBuilder<MakCrmDbContext>().UseNpgsql("Host=127.0.0.1;Port=1;Database=none").Options
    );

    public void Dispose() => db.Dispose();

    [Fact]
    public void The_same_composition_with_other_values_has_the_same_shape_and_its_own_values()
    {
        var first = ShapeReader.Read(ByStatusAndAmount("new", 100m).Expression)!;
        var second = ShapeReader.Read(ByStatusAndAmount("in_progress", 5_000m).Expression)!;

        second.Shape.Should().Be(first.Shape);
        first.Values.Should().Equal("new", 100m);
        second.Values.Should().Equal("in_progress", 5_000m);
    }

    [Fact]
    public void Another_filter_or_another_literal_is_another_shape()
    {
        var byStatus = ShapeReader.Read(ByStatusAndAmount("new", 1m).Expression)!.Shape;
        var withoutAmount = ShapeReader.Read(Leads().Where(l => l.Status == "new").Expression)!.Shape;
        var otherLiteral = ShapeReader.Read(Leads().Where(l => l.Status == "rejected").Expression)!.Shape;

        withoutAmount.Should().NotBe(byStatus);
        otherLiteral.Should().NotBe(withoutAmount);
    }

    [Fact]
    public void A_captured_subquery_is_read_in_place_and_its_values_taken_out()
    {
        IQueryable<Lead> Duplicates(Guid original)
        {
            var originals = Leads().Where(l => l.Id == original).Select(l => l.Id);
            return Leads().Where(l => originals.Contains(l.DuplicateOfLeadId!.Value));
        }

        var (a, b) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var first = ShapeReader.Read(Duplicates(a).Expression)!;
        var second = ShapeReader.Read(Duplicates(b).Expression)!;

        second.Shape.Should().Be(first.Shape);
        first.Values.Should().Equal(a);
        second.Values.Should().Equal(b);
    }

    [Fact]
    public void A_static_member_other_than_EF_Functions_leaves_the_query_to_run_the_ordinary_way()
    {
        ShapeReader.Read(Leads().Where(l => l.Status == Frozen.Status).Expression).Should().BeNull();
        ShapeReader
            .Read(Leads().Where(l => EF.Functions.ILike(l.Status, "%new%")).Expression)
            .Should()
            .NotBeNull();
    }

    [Fact]
    public void More_values_than_a_compiled_query_takes_leave_the_query_to_run_the_ordinary_way()
    {
        var query = Leads();
        for (var i = 0; i <= CompiledShapes.MaxValues; i++)
        {
            var status = "s" + i;
            query = query.Where(l => l.Status != status);
        }

        ShapeReader.Read(query.Expression).Should().BeNull();
    }

    [Fact]
    public void A_shape_EF_Core_cannot_translate_with_its_values_as_parameters_runs_the_ordinary_way()
    {
        // The ordinary way evaluates the method in the process; a compiled query would have to send it to SQL.
        var status = "NEW";
        var query = Leads().Where(l => l.Status == Lowered(status)).Select(l => l.Id);

        CompiledShapes.Run(query, db).Should().BeNull();
        CompiledShapes
            .Run(query, db)
            .Should()
            .BeNull(because: "the shape is remembered as one to run the ordinary way");
    }

    private static string Lowered(string text) => text.ToLowerInvariant();

    public static TheoryData<string> ListCases => [.. LeadListCases.Keys];

    [Theory]
    [MemberData(nameof(ListCases))]
    public void Every_shape_of_the_lead_list_is_compiled(string name)
    {
        var query = new LeadRepository(db).ListQuery(LeadListCases[name]);

        CompiledShapes.Run(query, db).Should().NotBeNull(because: $"the list {name} must not run the ordinary way");
    }

    [Fact]
    public void The_client_and_deal_lists_are_compiled_with_their_search_and_next_page()
    {
        var clients = new ClientListCriteria(
            DataScope.All,
            new ClientFilter("Иванов", ["site"], [], ["vip"], true, "Москва", CreatedWindow.None),
            new SortOption<ClientSortField>("fullName", ClientSortField.FullName, false),
            new KeysetPosition("Иванов Иван", Guid.CreateVersion7()),
            51,
            UpdatedWindow.None
        );
        var deals = new DealListCriteria(
            new DataScope(Organization),
            new DealFilter(Guid.CreateVersion7(), null, null, null, null) { Search = "9161234", AmountMin = 1m },
            new SortOption<DealSortField>("-amount", DealSortField.Amount, true),
            new KeysetPosition(500_000m, Guid.CreateVersion7()),
            51,
            UpdatedWindow.None,
            new DataScope(Organization)
        );

        CompiledShapes.Run(new ClientRepository(db).ListQuery(clients), db).Should().NotBeNull();
        CompiledShapes.Run(new DealRepository(db).ListQuery(deals), db).Should().NotBeNull();
    }

    [Fact]
    public void A_visibility_s_responsibles_are_one_array_value_of_one_shape_whoever_the_operator_is()
    {
        var (a, b, c) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var first = ShapeReader.Read(Leads().InScope(new DataScope(Organization) { Responsibles = [a] }).Expression)!;
        var second = ShapeReader.Read(
            Leads().InScope(new DataScope(Organization) { Responsibles = [b, c] }).Expression
        )!;

        second.Shape.Should().Be(first.Shape);
        first.Values.Should().HaveCount(2);
        first.Values[1].Should().BeEquivalentTo(new[] { a });
        second.Values[1].Should().BeEquivalentTo(new[] { b, c });
        var clients = new ClientListCriteria(
            new DataScope(Organization) { Responsibles = [a] },
            new ClientFilter(null, [], [], [], null, null, CreatedWindow.None),
            new SortOption<ClientSortField>("fullName", ClientSortField.FullName, false),
            null,
            51,
            UpdatedWindow.None
        );
        CompiledShapes.Run(new ClientRepository(db).ListQuery(clients), db).Should().NotBeNull();
        CompiledShapes
            .Run(Leads().InScope(new DataScope(Organization) { Responsibles = [c] }), db)
            .Should()
            .NotBeNull();
    }

    private static readonly LeadFilter NoFilter = new(
        null,
        null,
        [],
        null,
        null,
        null,
        null,
        null,
        null,
        CreatedWindow.None
    );

    private static readonly SortOption<LeadSortField> Newest = new("-createdAt", LeadSortField.CreatedAt, true);

    private static LeadListCriteria Criteria(
        LeadFilter filter,
        SortOption<LeadSortField>? sort = null,
        KeysetPosition? after = null,
        DataScope? scope = null,
        DataScope? clients = null
    ) =>
        new(
            scope ?? DataScope.All,
            filter,
            sort ?? Newest,
            after,
            51,
            UpdatedWindow.None,
            clients
        );

    private static readonly Guid Organization = Guid.CreateVersion7();
    private static readonly DateTimeOffset Day = new(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, LeadListCriteria> LeadListCases = new()
    {
        ["no filter"] = Criteria(NoFilter),
        ["a phone search in open leads, with clients"] = Criteria(
            NoFilter with { Search = "9161234", Statuses = ["new", "in_progress"] },
            clients: DataScope.All
        ),
        ["a name search, own organization"] = Criteria(
            NoFilter with { Search = "Иванов" },
            scope: new DataScope(Organization),
            clients: new DataScope(Organization)
        ),
        ["every other filter"] = Criteria(
            NoFilter with
            {
                ClientId = Guid.CreateVersion7(),
                Product = LoanProduct.Mortgage,
                ResponsibleUserId = Guid.CreateVersion7(),
                DuplicateOfLeadId = Guid.CreateVersion7(),
                IsDuplicate = true,
                AmountMin = 100_000m,
                AmountMax = 900_000m,
                Created = new CreatedWindow(Day.AddDays(-7), Day),
                OrganizationId = Organization,
                ClientSources = ["site"],
                ClientCity = "Москва",
                ExternalRef = "ext-1",
                CustomFields =
                [
                    new("loan_purpose", CustomFieldComparison.Contains, "{\"loan_purpose\":\"home\"}", ""),
                ],
            }
        ),
        ["custom field bounds"] = Criteria(
            NoFilter with
            {
                CustomFields =
                [
                    new("monthly_income", CustomFieldComparison.AtLeast, "100000", "number"),
                    new("monthly_income", CustomFieldComparison.Below, "250000", "number"),
                    new("passport_issued", CustomFieldComparison.AtMost, "\"2020-01-01\"", "string"),
                ],
            }
        ),
        ["an operator's own and its team's leads"] = Criteria(
            NoFilter with { Statuses = ["new"] },
            scope: new DataScope(Organization) { Responsibles = [Guid.CreateVersion7(), Guid.CreateVersion7()] },
            clients: new DataScope(Organization) { Responsibles = [Guid.CreateVersion7()] }
        ),
        ["the next page by a custom field"] = Criteria(
            NoFilter,
            new SortOption<LeadSortField>("-cf.monthly_income", LeadSortField.CreatedAt, true)
            {
                CustomFieldKey = "monthly_income",
            },
            new KeysetPosition("120000", Guid.CreateVersion7())
        ),
        ["the next page by amount"] = Criteria(
            NoFilter,
            new SortOption<LeadSortField>("requestedAmount", LeadSortField.RequestedAmount, false),
            new KeysetPosition(250_000m, Guid.CreateVersion7())
        ),
        ["the next page by update"] = Criteria(
            NoFilter,
            new SortOption<LeadSortField>("-updatedAt", LeadSortField.UpdatedAt, true),
            new KeysetPosition(Day, Guid.CreateVersion7())
        ),
    };

    private IQueryable<Lead> Leads() => db.Set<Lead>().AsNoTracking();

    private IQueryable<Lead> ByStatusAndAmount(string status, decimal min) =>
        Leads().Where(l => l.Status == status).Where(l => l.RequestedAmount >= min);

    private static class Frozen
    {
        public static readonly string Status = "new";
    }
}
