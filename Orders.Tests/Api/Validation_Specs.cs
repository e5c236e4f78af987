using System.Net;
using System.Text;
using Orders.Tests.Support;

namespace Orders.Tests.Api;

[TestFixture]
public class When_a_checkout_request_is_invalid
{
    private const string ValidUserId = "42";
    private const string ValidEmail = "user42@example.com";
    private const string ValidItems = """[{"productId":1,"quantity":5}]""";

    public sealed record BadCheckout(string Field, string Body, string? UserId = ValidUserId, string? Email = ValidEmail);

    private static IEnumerable<TestCaseData> Cases()
    {
        static TestCaseData Case(string name, BadCheckout bad) => new TestCaseData(bad).SetArgDisplayNames(name);
        static string Body(string requestId = "\"abc123xyz\"", string items = ValidItems) => $$"""{"requestId":{{requestId}},"items":{{items}}}""";
        static string Lines(int count) => "[" + string.Join(",", Enumerable.Range(1, count).Select(i => $$"""{"productId":{{i}},"quantity":1}""")) + "]";

        yield return Case("X-UserId missing", new("X-UserId", Body(), UserId: null));
        yield return Case("X-UserId not a number", new("X-UserId", Body(), UserId: "abc"));
        yield return Case("X-UserId zero", new("X-UserId", Body(), UserId: "0"));
        yield return Case("X-UserId negative", new("X-UserId", Body(), UserId: "-5"));
        yield return Case("X-UserId beyond 64 bits", new("X-UserId", Body(), UserId: "9223372036854775808"));
        yield return Case("X-UserId fractional", new("X-UserId", Body(), UserId: "1.5"));
        yield return Case("X-Email missing", new("X-Email", Body(), Email: null));
        yield return Case("X-Email without @", new("X-Email", Body(), Email: "not-an-email"));
        yield return Case("X-Email without domain dot", new("X-Email", Body(), Email: "user@localhost"));
        yield return Case("X-Email without local part", new("X-Email", Body(), Email: "@example.com"));
        yield return Case("X-Email with two @", new("X-Email", Body(), Email: "a@b@example.com"));
        yield return Case("X-Email with a space", new("X-Email", Body(), Email: "us er@example.com"));

        yield return Case("body not closed", new("body", """{"requestId":"abc123xyz","items":[{"productId":1,"quantity":5}]"""));
        yield return Case("body with trailing comma", new("body", """{"requestId":"abc123xyz",}"""));
        yield return Case("body with a property twice", new("body", """{"requestId":"abc123xyz","requestId":"other","items":[{"productId":1,"quantity":5}]}"""));
        yield return Case("body empty", new("body", ""));
        yield return Case("body an array", new("body", "[]"));
        yield return Case("body a string", new("body", "\"checkout\""));
        yield return Case("body null", new("body", "null"));

        yield return Case("requestId missing", new("requestId", $$"""{"items":{{ValidItems}}}"""));
        yield return Case("requestId null", new("requestId", Body(requestId: "null")));
        yield return Case("requestId empty", new("requestId", Body(requestId: "\"\"")));
        yield return Case("requestId of 65 characters", new("requestId", Body(requestId: $"\"{new string('a', 65)}\"")));
        yield return Case("requestId with a space", new("requestId", Body(requestId: "\"abc 123\"")));
        yield return Case("requestId with a dot", new("requestId", Body(requestId: "\"abc.123\"")));
        yield return Case("requestId with a slash", new("requestId", Body(requestId: "\"abc/123\"")));
        yield return Case("requestId not ASCII", new("requestId", Body(requestId: "\"caf\u00e9\"")));
        yield return Case("requestId a number", new("requestId", Body(requestId: "123")));

        yield return Case("items missing", new("items", """{"requestId":"abc123xyz"}"""));
        yield return Case("items null", new("items", Body(items: "null")));
        yield return Case("items empty", new("items", Body(items: "[]")));
        yield return Case("items an object", new("items", Body(items: """{"productId":1,"quantity":5}""")));
        yield return Case("items of 101 lines", new("items", Body(items: Lines(101))));
        yield return Case("line not an object", new("items[0]", Body(items: "[5]")));

        yield return Case("quantity zero", new("items[0].quantity", Body(items: """[{"productId":1,"quantity":0}]""")));
        yield return Case("quantity negative", new("items[0].quantity", Body(items: """[{"productId":1,"quantity":-1}]""")));
        yield return Case("quantity 1001", new("items[0].quantity", Body(items: """[{"productId":1,"quantity":1001}]""")));
        yield return Case("quantity beyond 32 bits", new("items[0].quantity", Body(items: """[{"productId":1,"quantity":2147483648}]""")));
        yield return Case("quantity fractional", new("items[0].quantity", Body(items: """[{"productId":1,"quantity":1.5}]""")));
        yield return Case("quantity a string", new("items[0].quantity", Body(items: """[{"productId":1,"quantity":"5"}]""")));
        yield return Case("quantity missing", new("items[0].quantity", Body(items: """[{"productId":1}]""")));
        yield return Case("quantity wrong on the third line", new("items[2].quantity", Body(items: """[{"productId":1,"quantity":1},{"productId":2,"quantity":1},{"productId":3,"quantity":5000}]""")));

        yield return Case("productId zero", new("items[0].productId", Body(items: """[{"productId":0,"quantity":1}]""")));
        yield return Case("productId negative", new("items[1].productId", Body(items: """[{"productId":1,"quantity":1},{"productId":-3,"quantity":1}]""")));
        yield return Case("productId a string", new("items[0].productId", Body(items: """[{"productId":"1","quantity":1}]""")));
        yield return Case("productId missing", new("items[0].productId", Body(items: """[{"quantity":1}]""")));
        yield return Case("productId twice", new("items[1].productId", Body(items: """[{"productId":7,"quantity":1},{"productId":7,"quantity":2}]""")));
    }

    [TestCaseSource(nameof(Cases))]
    public async Task Should_answer_400_naming_the_field(BadCheckout bad)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/orders/checkout") { Content = ApiCaller.Json(bad.Body) };
        if (bad.UserId is not null)
            request.Headers.Add("X-UserId", bad.UserId);
        if (bad.Email is not null)
            request.Headers.Add("X-Email", bad.Email);

        var response = await ApiHost.Shared.SendAsync(request);

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.ToString);
            Assert.That(response.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(response.ErrorKeys, Is.EqualTo(ApiJson.Names(bad.Field)), response.ToString);
        });
    }

    [Test]
    public async Task Should_say_where_malformed_json_broke()
    {
        const string body = "{\n  \"requestId\": \"abc123xyz\",\n  \"items\": [{\"productId\": 1 \"quantity\": 2}]\n}";

        var response = await ApiHost.Shared.NewUser().PostCheckoutAsync(ApiCaller.Json(body));

        var message = response.Json.GetProperty("errors").GetProperty("body")[0].GetString();
        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.ToString);
            Assert.That(message, Does.Contain("line 3").And.Contain("byte 29"));
            Assert.That(message, Does.Not.Contain("System."));
        });
    }

    [Test]
    public async Task Should_report_every_broken_field_at_once()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/orders/checkout")
        {
            Content = ApiCaller.Json("""{"requestId":"a b","items":[{"productId":0,"quantity":0}]}"""),
        };

        var response = await ApiHost.Shared.SendAsync(request);

        Assert.That(response.ErrorKeys, Is.EquivalentTo(ApiJson.Names("X-UserId", "X-Email", "requestId", "items[0].productId", "items[0].quantity")), response.ToString);
    }
}

[TestFixture]
public class When_a_checkout_body_is_too_large
{
    private const int Limit = 64 * 1024;

    [Test]
    public async Task Should_accept_exactly_64_KiB()
    {
        var response = await ApiHost.Shared.NewUser().PostCheckoutAsync(ApiCaller.Json(PaddedCheckout(Limit)));

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted), response.ToString);
    }

    [Test]
    public async Task Should_answer_400_naming_the_body_when_its_length_is_declared()
    {
        var response = await ApiHost.Shared.NewUser().PostCheckoutAsync(ApiCaller.Json(PaddedCheckout(Limit + 1)));

        AssertBodyRefused(response);
    }

    [Test]
    public async Task Should_answer_400_naming_the_body_when_it_is_streamed()
    {
        var streamed = new ApiCountingStream(Encoding.UTF8.GetBytes(PaddedCheckout(Limit + 1)));

        var response = await ApiHost.Shared.NewUser().PostCheckoutAsync(streamed.AsJsonContent());

        AssertBodyRefused(response);
    }

    [Test]
    public async Task Should_stop_reading_an_endless_body()
    {
        var endless = ApiCountingStream.Endless((byte)' ');

        var response = await ApiHost.Shared.NewUser().PostCheckoutAsync(endless.AsJsonContent());

        Assert.Multiple(() =>
        {
            AssertBodyRefused(response);
            Assert.That(endless.BytesRead, Is.LessThan(1024 * 1024), "the API read far more than 64 KiB");
        });
    }

    private static void AssertBodyRefused(ApiResponse response) => Assert.Multiple(() =>
    {
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.ToString);
        Assert.That(response.ErrorKeys, Is.EqualTo(ApiJson.Names("body")));
        Assert.That(response.Text, Does.Contain("64 KiB"));
    });

    /// <summary>A valid checkout padded with spaces to exactly <paramref name="bytes"/> bytes.</summary>
    private static string PaddedCheckout(int bytes)
    {
        var json = ApiCaller.CheckoutJson(ApiIds.NewRequestId(), (1, 1));
        return json + new string(' ', bytes - Encoding.UTF8.GetByteCount(json));
    }
}

[TestFixture]
public class When_a_checkout_has_the_wrong_content_type
{
    [TestCase("text/plain")]
    [TestCase("application/xml")]
    [TestCase("application/x-www-form-urlencoded")]
    [TestCase("application/json; charset=utf-16")]
    [TestCase(null)]
    public async Task Should_answer_415_saying_what_is_expected(string? contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(ApiCaller.CheckoutJson(ApiIds.NewRequestId(), (1, 1))));
        if (contentType is not null)
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await ApiHost.Shared.NewUser().PostCheckoutAsync(content);

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.UnsupportedMediaType), response.ToString);
            Assert.That(response.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(response["detail"], Does.Contain("application/json"));
        });
    }
}

[TestFixture]
public class When_a_route_requestId_is_invalid
{
    private static readonly string TooLong = new('a', 65);

    [TestCase("GET", "/orders/checkout/abc.123")]
    [TestCase("GET", "/orders/checkout/abc%20123")]
    [TestCase("GET", "/orders/checkout/caf%C3%A9")]
    [TestCase("POST", "/orders/checkout/abc.123/cancel")]
    [TestCase("POST", "/orders/checkout/abc%20123/cancel")]
    public async Task Should_answer_400_naming_requestId(string method, string path)
    {
        var response = await ApiHost.Shared.NewUser().SendAsync(new HttpMethod(method), path);

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.ToString);
            Assert.That(response.ErrorKeys, Is.EqualTo(ApiJson.Names("requestId")));
        });
    }

    [Test]
    public async Task Should_answer_400_for_65_characters()
    {
        var get = await ApiHost.Shared.NewUser().GetCheckoutAsync(TooLong);
        var cancel = await ApiHost.Shared.NewUser().CancelAsync(TooLong);

        Assert.Multiple(() =>
        {
            Assert.That(get.ErrorKeys, Is.EqualTo(ApiJson.Names("requestId")), get.ToString);
            Assert.That(cancel.ErrorKeys, Is.EqualTo(ApiJson.Names("requestId")), cancel.ToString);
        });
    }
}

[TestFixture]
public class When_identity_headers_are_missing
{
    [TestCase("GET", "/orders/checkout/abc123xyz")]
    [TestCase("POST", "/orders/checkout/abc123xyz/cancel")]
    [TestCase("GET", "/orders")]
    public async Task Should_answer_400_naming_both_headers(string method, string path)
    {
        var response = await ApiHost.Shared.NewUser().SendAsync(new HttpMethod(method), path, withIdentity: false);

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.ToString);
            Assert.That(response.ErrorKeys, Is.EquivalentTo(ApiJson.Names("X-UserId", "X-Email")));
        });
    }
}

[TestFixture]
public class When_paging_is_invalid
{
    [TestCase("?page=0", "page")]
    [TestCase("?page=-1", "page")]
    [TestCase("?page=abc", "page")]
    [TestCase("?page=1.5", "page")]
    [TestCase("?pageSize=0", "pageSize")]
    [TestCase("?pageSize=101", "pageSize")]
    [TestCase("?pageSize=ten", "pageSize")]
    [TestCase("?page=2&pageSize=1000", "pageSize")]
    public async Task Should_answer_400_naming_the_parameter(string query, string field)
    {
        var response = await ApiHost.Shared.NewUser().ListOrdersAsync(query);

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.ToString);
            Assert.That(response.ErrorKeys, Is.EqualTo(ApiJson.Names(field)));
        });
    }

    [TestCase("?pageSize=1")]
    [TestCase("?pageSize=100")]
    public async Task Should_accept_the_bounds(string query)
    {
        var response = await ApiHost.Shared.NewUser().ListOrdersAsync(query);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.ToString);
    }
}
