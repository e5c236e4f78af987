using Orders.Tests.Support;

namespace Orders.Tests.Operations;

[TestFixture]
public class When_the_documentation_is_read
{
    private const int ReadmeMostLines = 400;

    public static IEnumerable<TestCaseData> Pages() =>
        Directory.GetFiles(RepositoryFiles.PathOf("docs"), "*.md").Order(StringComparer.Ordinal)
            .Select(path => "docs/" + Path.GetFileName(path))
            .Prepend("README.md")
            .Select(page => new TestCaseData(page).SetArgDisplayNames(page));

    [TestCaseSource(nameof(Pages))]
    public void Should_link_only_to_files_and_headings_that_exist(string page)
    {
        var broken = MarkdownPage.Read(RepositoryFiles.PathOf(page)).BrokenLinks();

        Assert.That(broken, Is.Empty, $"{page} has broken links:\n{string.Join('\n', broken)}");
    }

    [Test]
    public void Should_keep_the_readme_a_front_door()
    {
        var readme = MarkdownPage.Read(RepositoryFiles.PathOf("README.md"));

        Assert.That(readme.LineCount, Is.LessThanOrEqualTo(ReadmeMostLines), "the reference belongs in docs/, linked from the README");
    }

    [Test]
    public void Should_link_every_page_of_docs_from_the_readme()
    {
        var linked = MarkdownPage.Read(RepositoryFiles.PathOf("README.md")).RelativeLinkTargets()
            .Select(target => target.Split('#')[0])
            .ToHashSet(StringComparer.Ordinal);
        var pages = Directory.GetFiles(RepositoryFiles.PathOf("docs"), "*.md")
            .Select(path => "docs/" + Path.GetFileName(path));

        Assert.That(pages.Where(page => !linked.Contains(page)), Is.Empty, "pages of docs/ the README does not link to");
    }
}

[TestFixture]
public class When_a_page_links_to_what_is_not_there
{
    private string _folder = null!;

    [SetUp]
    public void Write_two_pages()
    {
        _folder = Directory.CreateTempSubdirectory("ordersaga-docs-").FullName;
        Directory.CreateDirectory(Path.Combine(_folder, "docs"));
        File.WriteAllText(Path.Combine(_folder, "docs", "api.md"), "# HTTP and admin API\n\n## Live status\n\n## Live status\n");
        File.WriteAllText(Path.Combine(_folder, "README.md"), """
            # OrderSaga

            [the API](docs/api.md), [streams](docs/api.md#live-status), [the second](docs/api.md#live-status-1),
            [here](#ordersaga), [the web](https://example.com/missing.md), [a mail](mailto:ada@example.com).
            [gone](docs/operations.md) and [renamed](docs/api.md#watching-a-checkout) and [nowhere](#quick-start).

            ```bash
            # [in code](docs/not-checked.md)
            ```
            Shown as code: `[x](docs/not-checked-either.md)`.
            """);
    }

    [TearDown]
    public void Remove_them() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void Should_report_the_missing_file_and_the_missing_headings_and_nothing_else()
    {
        var broken = MarkdownPage.Read(Path.Combine(_folder, "README.md")).BrokenLinks();

        Assert.That(broken, Has.Count.EqualTo(3).And.Some.StartsWith("docs/operations.md: no file")
            .And.Some.StartsWith("docs/api.md#watching-a-checkout: no heading")
            .And.Some.StartsWith("#quick-start: no heading"), string.Join('\n', broken));
    }
}
