using System.Text;
using MakCrm.Infrastructure.Imports;
using MakCrm.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.Client.Tests;

/// <summary>Exports and imports through the SDK: file downloads, the multipart upload, the operation resource.</summary>
public sealed class TransferSdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task A_client_file_is_imported_and_its_rejected_rows_downloaded()
    {
        var phone = TestData.NextPhone();
        var csv = $"fullName,phone,source\r\nСдк Импорт,{phone},partner\r\nСдк Дубль,{phone},partner\r\nСдк Плохой,000,partner\r\n";
        var started = await Api.StartClientImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "sdk.csv");
        started.StatusCode.Should().Be(202);
        started.Headers["Location"].Single().Should().Be($"/api/v1/imports/{started.Result.Id}");
        started.Result.Status.Should().Be(ImportStatus.Queued);
        started.Result.Kind.Should().Be(ImportKind.Clients);

        // This test server runs no worker: run the queued import as a worker would.
        await Server.WithServicesAsync(services => services.GetRequiredService<ImportRunner>().RunNextAsync(CancellationToken.None));

        var done = await Api.WaitForImportAsync(started.Result.Id, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));
        done.Status.Should().Be(ImportStatus.Succeeded);
        done.Counts.Should().BeEquivalentTo(new ImportCounts { RowsRead = 3, Created = 1, Duplicates = 1, Rejected = 1 });
        (await Api.ListImportsAsync()).Result.Items.Select(i => i.Id).Should().Equal(done.Id);

        using var rejected = await Api.GetImportRejectedRowsAsync(done.Id);
        rejected.StatusCode.Should().Be(200);
        var text = await new StreamReader(rejected.Stream).ReadToEndAsync();
        text.TrimStart('\uFEFF').Should().StartWith("fullName,phone,source,rowNumber,reason\r\n");
        text.Should().Contain("Сдк Плохой,000,partner,3,\"phone: Must be a phone number");
    }

    [Fact]
    public async Task A_lead_file_is_imported_with_duplicate_control()
    {
        var phone = TestData.NextPhone();
        var client = await Api.CreateClientAsync(new CreateClientRequest { FullName = "Сдк Оригинал", Phone = phone, Source = "partner" });
        var original = await Api.CreateLeadAsync(new CreateLeadRequest { ClientId = client.Result.Id, RequestedAmount = 500_000m, Product = LoanProduct.Auto });
        var fresh = TestData.NextPhone();
        var csv = "fullName,phone,source,requestedAmount,product\r\n"
                  + $"Сдк Лид,{fresh},partner,150000.50,consumer\r\nСдк Повтор,{phone},partner,100000,mortgage\r\nСдк Плохой,{TestData.NextPhone()},partner,100000,yacht\r\n";

        var started = await Api.StartLeadImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "leads.csv");
        started.StatusCode.Should().Be(202);
        started.Result.Kind.Should().Be(ImportKind.Leads);
        await Server.WithServicesAsync(services => services.GetRequiredService<ImportRunner>().RunNextAsync(CancellationToken.None));

        var done = await Api.WaitForImportAsync(started.Result.Id, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));
        done.Status.Should().Be(ImportStatus.Succeeded);
        done.Counts.Should().BeEquivalentTo(new ImportCounts { RowsRead = 3, Created = 1, Duplicates = 1, Rejected = 1 });
        var duplicate = (await Api.ListLeadsAsync(duplicateOf: original.Result.Id)).Result.Items.Should().ContainSingle().Subject;
        duplicate.ClientId.Should().Be(client.Result.Id, "the organization's client with this phone is reused");
        duplicate.Product.Should().Be(LoanProduct.Mortgage);
        var created = (await Api.ListLeadsAsync(isDuplicate: false)).Result.Items.Should().ContainSingle(l => l.Id != original.Result.Id).Subject;
        created.RequestedAmount.Should().Be(150_000.50m);
    }

    [Fact]
    public async Task A_file_whose_cf_column_names_no_custom_field_fails_with_the_column_named()
    {
        var csv = $"fullName,phone,source,cf.no_such_field\r\nСдк Поле,{TestData.NextPhone()},partner,x\r\n";
        var started = await Api.StartClientImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "cf.csv");
        await Server.WithServicesAsync(services => services.GetRequiredService<ImportRunner>().RunNextAsync(CancellationToken.None));

        var done = await Api.WaitForImportAsync(started.Result.Id, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));
        done.Status.Should().Be(ImportStatus.Failed);
        done.Failure!.Code.Should().Be(ImportRunner.FileInvalid);
        done.Failure.Detail.Should().Contain("cf.no_such_field");
    }

    [Fact]
    public async Task An_upload_that_is_not_a_table_file_and_an_unknown_import_are_problems()
    {
        var problem = await Expect.ProblemAsync(() => Api.StartClientImportAsync(new MemoryStream([1, 2, 3]), "clients.pdf"), 400, "validation_failed");
        problem.Errors.Should().ContainKey("file");
        await Expect.ProblemAsync(() => Api.GetImportAsync(Guid.CreateVersion7()), 404, "not_found");
    }

    [Fact]
    public async Task Clients_and_leads_are_exported_as_files()
    {
        var client = await Api.CreateClientAsync(new CreateClientRequest { FullName = "Сдк Экспорт", Phone = TestData.NextPhone(), Source = "partner", City = "Омск" });
        using var csv = await Api.ExportClientsAsync(city: "Омск", format: ExportFormat.Csv);
        csv.StatusCode.Should().Be(200);
        var text = await new StreamReader(csv.Stream).ReadToEndAsync();
        text.Should().StartWith("id,fullName,phone,email,city,source,processingMethod,tags,consentGivenAt,consentTextVersion,consentWithdrawnAt,createdAt,updatedAt\r\n");
        text.Should().Contain($"{client.Result.Id},Сдк Экспорт,{client.Result.Phone},,Омск,partner");

        using var xlsx = await Api.ExportLeadsAsync(format: ExportFormat.Xlsx);
        xlsx.Headers["Content-Type"].Single().Should().Be(MakCrmImports.XlsxContentType);
        using var bytes = new MemoryStream();
        await xlsx.Stream.CopyToAsync(bytes);
        bytes.ToArray().Take(2).Should().Equal((byte)'P', (byte)'K');
    }

    [Fact]
    public async Task An_export_without_a_recent_two_factor_sign_in_is_a_step_up_problem()
    {
        using var http = await Server.CreateHttpClientAsync(TestActor.Employee);
        var employee = new MakCrmApiClient(http);
        var exception = await Expect.ProblemExceptionAsync(() => employee.ExportClientsAsync(), 401, "step_up_required");
        exception.Headers["WWW-Authenticate"].Single().Should().Contain("insufficient_user_authentication");
    }
}
