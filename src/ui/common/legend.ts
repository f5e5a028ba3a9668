/** What the map legend shows of an indicator map (demand, hexagons, reachability). */
export interface IndicatorLegend {
  title: string;
  /** `count`: how many are in the class (spaces, cells); null where the legend has none to show. */
  classes: { colour: string; label: string; count: number | null }[];
  noValue: string;
  noValueCount: number;
  /** A remark under the classes (e.g. which cells are left out). */
  note?: string;
}
