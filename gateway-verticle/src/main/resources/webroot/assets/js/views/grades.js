// A stable colour per seat grade (the demo's VIP, R and S first), shared by the show page and the seat map.
const KNOWN = ['VIP', 'R', 'S', 'A', 'B'];

export function gradeClass(grade) {
  const index = KNOWN.indexOf(grade);
  if (index >= 0) return `g${index}`;
  let hash = 0;
  for (const ch of grade) hash = (hash * 31 + ch.charCodeAt(0)) % KNOWN.length;
  return `g${hash}`;
}
