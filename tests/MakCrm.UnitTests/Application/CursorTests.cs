using MakCrm.Application.Clients;
using MakCrm.Application.Common;
using MakCrm.Application.Leads;
using MakCrm.Domain.Clients;
using MakCrm.Domain.Common;

namespace MakCrm.UnitTests.Application;

public sealed class CursorTests
{
    private static ClientDto Client(string name, DateTimeOffset createdAt) =>
        new(Guid.CreateVersion7(), Guid.CreateVersion7(), name, "+79990000000", null, null, "partner", null, [], null, createdAt, createdAt, 1, null, null, IntegrationMetadata.Empty);

    [Fact]
    public void A_cursor_round_trips_the_position_of_the_last_row()
    {
        var catalog = ClientSorts.Catalog;
        var sort = catalog.ParseOrDefault("-createdAt");
        var row = Client("Иванов", new DateTimeOffset(2026, 11, 21, 10, 0, 0, 123, TimeSpan.Zero).AddTicks(4560));

        var cursor = catalog.NextCursor(sort, row, row.Id);
        var position = catalog.DecodeCursor(sort, cursor);

        position.Should().NotBeNull();
        position!.Id.Should().Be(row.Id);
        position.Value.Should().Be(row.CreatedAt);
        cursor.Should().MatchRegex("^[A-Za-z0-9_-]+$", "a cursor must be safe in a query string");
    }

    [Fact]
    public void Decimal_and_text_positions_round_trip_exactly()
    {
        var leadSort = LeadSorts.Catalog.ParseOrDefault("requestedAmount");
        var lead = new LeadDto(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), 1234567.89m, default, null, "new", null, null, default, default, 1, null, null, IntegrationMetadata.Empty, null);
        LeadSorts.Catalog.DecodeCursor(leadSort, LeadSorts.Catalog.NextCursor(leadSort, lead, lead.Id))!.Value.Should().Be(1234567.89m);

        var nameSort = ClientSorts.Catalog.ParseOrDefault("fullName");
        var client = Client("Ёжиков \"Ёж\" Ёжикович", DateTimeOffset.UnixEpoch);
        ClientSorts.Catalog.DecodeCursor(nameSort, ClientSorts.Catalog.NextCursor(nameSort, client, client.Id))!.Value.Should().Be(client.FullName);
    }

    [Fact]
    public void A_cursor_is_bound_to_its_list()
    {
        var client = Client("Иванов", DateTimeOffset.UnixEpoch);
        var clientsCursor = ClientSorts.Catalog.NextCursor(ClientSorts.Catalog.Default, client, client.Id);

        LeadSorts.Catalog.DecodeCursor(LeadSorts.Catalog.Default, clientsCursor).Should().BeNull();
    }

    [Fact]
    public void A_cursor_is_bound_to_its_sort()
    {
        var catalog = ClientSorts.Catalog;
        var row = Client("Иванов", DateTimeOffset.UnixEpoch);
        var cursor = catalog.NextCursor(catalog.ParseOrDefault("createdAt"), row, row.Id);

        catalog.DecodeCursor(catalog.ParseOrDefault("-createdAt"), cursor).Should().BeNull();
        catalog.DecodeCursor(catalog.ParseOrDefault("fullName"), cursor).Should().BeNull();
    }

    [Theory]
    [InlineData("")]
    [InlineData("!!!")]
    [InlineData("bm90LWpzb24")]
    [InlineData("eyJTb3J0IjoiLWNyZWF0ZWRBdCJ9")]
    [InlineData("eyJTb3J0IjoiLWNyZWF0ZWRBdCIsIlZhbHVlIjoibm90LWEtZGF0ZSIsIklkIjoiMDE5MmYwYzEtNmMzZS03YTUxLTlkNDMtM2IxZjBlMmE5YzExIn0")]
    public void Made_up_cursors_are_refused(string cursor)
    {
        ClientSorts.Catalog.DecodeCursor(ClientSorts.Catalog.Default, cursor).Should().BeNull();
    }

    [Fact]
    public void Unknown_sorts_are_invalid_and_the_error_lists_the_known_ones()
    {
        ClientSorts.Catalog.IsValid("phone").Should().BeFalse();
        ClientSorts.Catalog.IsValid("-fullName").Should().BeTrue();
        ClientSorts.Catalog.IsValid(null).Should().BeTrue();
        ClientSorts.Catalog.Allowed.Should().Be("createdAt, -createdAt, updatedAt, -updatedAt, fullName, -fullName");
    }
}
