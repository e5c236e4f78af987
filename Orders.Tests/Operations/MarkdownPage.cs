using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Orders.Tests.Operations;

/// <summary>
/// A Markdown page as a forge renders it, as far as links go: the link targets written outside code, and the
/// anchors its headings get (GitHub's rule: lower case, punctuation dropped, spaces as hyphens, repeats numbered).
/// </summary>
public sealed partial class MarkdownPage
{
    private MarkdownPage(string path, IReadOnlyList<string> lines)
    {
        Path = path;
        LineCount = lines.Count;
        var prose = Prose(lines);
        LinkTargets = prose.SelectMany(line => LinkPattern().Matches(CodeSpanPattern().Replace(line, "code")))
            .Select(match => match.Groups["target"].Value)
            .ToList();
        Anchors = HeadingAnchors(prose);
    }

    public string Path { get; }

    public int LineCount { get; }

    public IReadOnlyList<string> LinkTargets { get; }

    public IReadOnlySet<string> Anchors { get; }

    public static MarkdownPage Read(string path)
    {
        var text = File.ReadAllText(path);
        var lines = text.EndsWith('\n') ? text[..^1].Split('\n') : text.Split('\n');
        return new MarkdownPage(path, lines);
    }

    /// <summary>The targets that are neither web addresses nor mail: a file beside this page, an anchor in it, or both.</summary>
    public IEnumerable<string> RelativeLinkTargets() =>
        LinkTargets.Where(target => !SchemePattern().IsMatch(target));

    /// <summary>Each relative link whose file does not exist, or whose anchor names no heading of its page.</summary>
    public IReadOnlyList<string> BrokenLinks()
    {
        var folder = System.IO.Path.GetDirectoryName(Path)!;
        var broken = new List<string>();
        foreach (var target in RelativeLinkTargets())
        {
            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var file = hash < 0 ? target : target[..hash];
            var anchor = hash < 0 ? null : Uri.UnescapeDataString(target[(hash + 1)..]);
            var linked = file.Length == 0 ? Path : System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, Uri.UnescapeDataString(file)));

            if (!File.Exists(linked) && !Directory.Exists(linked))
                broken.Add($"{target}: no file {linked}");
            else if (anchor is not null && !linked.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
                broken.Add($"{target}: an anchor into a file that is not Markdown");
            else if (anchor is not null && !(file.Length == 0 ? this : Read(linked)).Anchors.Contains(anchor))
                broken.Add($"{target}: no heading with the anchor #{anchor}");
        }

        return broken;
    }

    // Lines outside fenced code blocks: a link or heading shown as code is not one.
    private static List<string> Prose(IReadOnlyList<string> lines)
    {
        var prose = new List<string>();
        string? fence = null;
        foreach (var line in lines)
        {
            var trimmed = line.TrimStart();
            if (fence is null && (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal)))
                fence = trimmed[..3];
            else if (fence is not null && trimmed.StartsWith(fence, StringComparison.Ordinal))
                fence = null;
            else if (fence is null)
                prose.Add(line);
        }

        return prose;
    }

    private static HashSet<string> HeadingAnchors(IEnumerable<string> prose)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in prose)
        {
            var heading = HeadingPattern().Match(line);
            if (!heading.Success)
                continue;

            var slug = Slug(heading.Groups["text"].Value);
            var repeats = seen.GetValueOrDefault(slug);
            seen[slug] = repeats + 1;
            anchors.Add(repeats == 0 ? slug : $"{slug}-{repeats.ToString(CultureInfo.InvariantCulture)}");
        }

        return anchors;
    }

    private static string Slug(string heading)
    {
        var text = LinkPattern().Replace(heading, match => match.Groups["text"].Value).Trim().ToLowerInvariant();
        var slug = new StringBuilder(text.Length);
        foreach (var character in text)
        {
            if (character == ' ')
                slug.Append('-');
            else if (character == '-' || char.IsLetterOrDigit(character) || CharUnicodeInfo.GetUnicodeCategory(character) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.NonSpacingMark)
                slug.Append(character);
        }

        return slug.ToString();
    }

    [GeneratedRegex(@"\[(?<text>[^\]]*)\]\((?<target>[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"`+[^`]*`+")]
    private static partial Regex CodeSpanPattern();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.*?)\s*#*\s*$")]
    private static partial Regex HeadingPattern();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex SchemePattern();
}
