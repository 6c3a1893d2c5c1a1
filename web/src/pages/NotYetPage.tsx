/** A screen of the navigation that a later slice of issue 16 builds. */
export function NotYetPage({ title }: { title: string }) {
  return (
    <section>
      <h1>{title}</h1>
      <p className="muted">This screen is not built yet; Contacts is the first one.</p>
    </section>
  );
}
