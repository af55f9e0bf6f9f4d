// Any address no other route matches: a friendly 404 inside the site layout.
export function loader() {
  throw new Response("Not found", { status: 404 });
}

export default function NotFound() {
  return null;
}
