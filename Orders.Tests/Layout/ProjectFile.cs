using System.Xml.Linq;

namespace Orders.Tests.Layout;

/// <summary>What a project file says it depends on: the projects it references and the packages it takes.</summary>
public sealed record ProjectFile(string Name, IReadOnlySet<string> Projects, IReadOnlySet<string> Packages)
{
    /// <summary>Reads <c>ProjectReference</c> and <c>PackageReference</c> items of a csproj.</summary>
    public static ProjectFile Read(string path)
    {
        var xml = XDocument.Load(path);
        var items = xml.Descendants().Where(e => e.Name.LocalName is "ProjectReference" or "PackageReference").ToList();
        var projects = items.Where(e => e.Name.LocalName == "ProjectReference")
            .Select(e => System.IO.Path.GetFileNameWithoutExtension(((string)e.Attribute("Include")!).Replace('\\', '/')))
            .ToHashSet(StringComparer.Ordinal);
        var packages = items.Where(e => e.Name.LocalName == "PackageReference")
            .Select(e => (string)e.Attribute("Include")!)
            .ToHashSet(StringComparer.Ordinal);
        return new ProjectFile(System.IO.Path.GetFileNameWithoutExtension(path), projects, packages);
    }
}
