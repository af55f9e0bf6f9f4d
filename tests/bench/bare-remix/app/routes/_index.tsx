export function loader() {
  return null;
}

export default function Index() {
  return <h1>Shell</h1>;
}
