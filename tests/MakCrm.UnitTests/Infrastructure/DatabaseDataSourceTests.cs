using MakCrm.Infrastructure.Persistence;
using Npgsql;

namespace MakCrm.UnitTests.Infrastructure;

public sealed class DatabaseDataSourceTests
{
    [Fact]
    public void A_connection_string_without_driver_settings_gets_preparation_and_no_reset()
    {
        var settings = new NpgsqlConnectionStringBuilder(DatabaseDataSource.WithDefaults("Host=db;Database=mak;Username=mak"));

        (settings.MaxAutoPrepare, settings.AutoPrepareMinUsages, settings.NoResetOnClose).Should().Be((DatabaseDataSource.MaxAutoPrepare, 2, true));
        (settings.Host, settings.Database, settings.Username).Should().Be(("db", "mak", "mak"));
    }

    [Fact]
    public void Settings_the_connection_string_names_are_kept_even_when_they_are_the_driver_defaults()
    {
        var settings = new NpgsqlConnectionStringBuilder(
            DatabaseDataSource.WithDefaults("Host=db;Database=mak;Max Auto Prepare=0;NoResetOnClose=false"));

        (settings.MaxAutoPrepare, settings.NoResetOnClose).Should().Be((0, false));
    }
}
