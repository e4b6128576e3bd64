using MakCrm.Domain.Clients;
using MakCrm.Domain.Common;

namespace MakCrm.UnitTests.Domain;

public sealed class ClientTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    private static ClientDetails Details(string name = "Иванов Иван", string? city = "Москва") =>
        new(name, PhoneNumber.Parse("89991234567"), EmailAddress.Parse("a@b.ru"), city, ClientSource.Partner);

    [Fact]
    public void A_new_client_is_version_one_with_collapsed_white_space()
    {
        var client = Client.Create(Guid.CreateVersion7(), Guid.CreateVersion7(), Details("  Иванов   Иван ", "  Нижний   Новгород "), Now);

        client.Version.Should().Be(1);
        client.FullName.Should().Be("Иванов Иван");
        client.City.Should().Be("Нижний Новгород");
        client.Phone.Should().Be("+79991234567");
        client.CreatedAt.Should().Be(Now);
        client.UpdatedAt.Should().Be(Now);
    }

    [Fact]
    public void An_update_that_changes_nothing_after_normalisation_keeps_version_and_time()
    {
        var client = Client.Create(Guid.CreateVersion7(), Guid.CreateVersion7(), Details(), Now);

        client.Update(Details(" Иванов  Иван "), Now.AddHours(1));

        client.Version.Should().Be(1);
        client.UpdatedAt.Should().Be(Now);
    }

    [Fact]
    public void A_real_update_bumps_version_and_time()
    {
        var client = Client.Create(Guid.CreateVersion7(), Guid.CreateVersion7(), Details(), Now);

        client.Update(Details(city: null), Now.AddHours(1));

        client.Version.Should().Be(2);
        client.City.Should().BeNull();
        client.UpdatedAt.Should().Be(Now.AddHours(1));
    }

    [Fact]
    public void A_client_with_leads_is_not_deleted()
    {
        var client = Client.Create(Guid.CreateVersion7(), Guid.CreateVersion7(), Details(), Now);

        var refused = client.Delete(activeLeadCount: 2, Now);

        refused.IsSuccess.Should().BeFalse();
        refused.Error!.Code.Should().Be(ErrorCodes.ClientHasLeads);
        refused.Error.Kind.Should().Be(ErrorKind.Conflict);
        client.DeletedAt.Should().BeNull();
        client.Version.Should().Be(1);

        client.Delete(activeLeadCount: 0, Now).IsSuccess.Should().BeTrue();
        client.DeletedAt.Should().Be(Now);
        client.Version.Should().Be(2);
    }
}
