// The demo's world: cities, merchants and the people who shop and log in there. Invented names.

export const HOME_CITIES = [
  { city: 'New York', country: 'US', lat: 40.71, lon: -74.01, net: '68.172' },
  { city: 'Chicago', country: 'US', lat: 41.88, lon: -87.63, net: '73.44' },
  { city: 'Austin', country: 'US', lat: 30.27, lon: -97.74, net: '99.16' },
  { city: 'Seattle', country: 'US', lat: 47.61, lon: -122.33, net: '24.16' },
  { city: 'Toronto', country: 'CA', lat: 43.65, lon: -79.38, net: '142.112' },
  { city: 'London', country: 'GB', lat: 51.51, lon: -0.13, net: '81.2' },
  { city: 'Manchester', country: 'GB', lat: 53.48, lon: -2.24, net: '86.150' },
  { city: 'Paris', country: 'FR', lat: 48.86, lon: 2.35, net: '90.84' },
  { city: 'Berlin', country: 'DE', lat: 52.52, lon: 13.41, net: '91.64' },
  { city: 'Madrid', country: 'ES', lat: 40.42, lon: -3.7, net: '83.33' },
  { city: 'Amsterdam', country: 'NL', lat: 52.37, lon: 4.9, net: '145.53' },
  { city: 'Dublin', country: 'IE', lat: 53.35, lon: -6.26, net: '86.43' },
];

/** where attackers and cloned cards show up */
export const FAR_CITIES = [
  { city: 'Lagos', country: 'NG', lat: 6.52, lon: 3.38, net: '105.112' },
  { city: 'Sao Paulo', country: 'BR', lat: -23.55, lon: -46.63, net: '177.33' },
  { city: 'Singapore', country: 'SG', lat: 1.35, lon: 103.82, net: '159.89' },
  { city: 'Ho Chi Minh City', country: 'VN', lat: 10.82, lon: 106.63, net: '113.161' },
  { city: 'Bucharest', country: 'RO', lat: 44.43, lon: 26.1, net: '188.24' },
  { city: 'Jakarta', country: 'ID', lat: -6.21, lon: 106.85, net: '36.66' },
  { city: 'Manila', country: 'PH', lat: 14.6, lon: 120.98, net: '112.198' },
];

/** categories: amount median and spread (log-normal), how often people buy there, channel */
export const CATEGORIES = {
  grocery: { median: 42, sigma: 0.55, weight: 24, ecom: 0.1, merchants: ['FreshMart', 'Corner Deli', 'GreenBasket Market', 'Harvest Foods'] },
  coffee: { median: 5.2, sigma: 0.3, weight: 15, ecom: 0, merchants: ['Bean There Coffee', 'Daily Grind', 'Kettle & Crumb'] },
  restaurant: { median: 38, sigma: 0.5, weight: 14, ecom: 0.2, merchants: ['Olive Tree Bistro', 'Noodle Bar 88', 'The Copper Pot', 'Slice Pizza Co'] },
  fuel: { median: 55, sigma: 0.35, weight: 9, ecom: 0, merchants: ['QuickFuel', 'Northway Petrol', 'Sunstop Gas'] },
  transport: { median: 14, sigma: 0.6, weight: 10, ecom: 0.8, merchants: ['CityRide', 'MetroLink Transit', 'HopCab'] },
  online: { median: 48, sigma: 0.7, weight: 18, ecom: 1, merchants: ['Nimbus Online', 'ShopSphere', 'BookNook Online', 'StreamBox'] },
  pharmacy: { median: 22, sigma: 0.5, weight: 5, ecom: 0.1, merchants: ['WellCare Pharmacy', 'MediPlus'] },
  electronics: { median: 170, sigma: 0.6, weight: 3, ecom: 0.5, merchants: ['Pixel Electronics', 'Voltage Store'] },
  apparel: { median: 65, sigma: 0.55, weight: 2, ecom: 0.5, merchants: ['Thread & Co', 'UrbanFit'] },
};

/** merchants card testers like: charities and digital goods that take tiny online payments */
export const TEST_MERCHANTS = ['GiveSmall Charity', 'PixelPlay Games', 'eDonate Now', 'TinyTunes Store'];
/** what testers and fraudsters buy once a card works */
export const CASHOUT_MERCHANTS = [
  { merchant: 'Pixel Electronics', category: 'electronics' },
  { merchant: 'Luxe Jewellers', category: 'jewellery' },
  { merchant: 'GiftCardHub', category: 'gift_cards' },
  { merchant: 'Voltage Store', category: 'electronics' },
];

export const PAYMENT_MERCHANTS = Array.from({ length: 40 }, (_, i) => `m_${String(i + 1).padStart(4, '0')}`);
export const CARD_BINS = ['453998', '401288', '522133', '545454', '601100', '371449'];

/** The users: a home city, one or two cards, devices, addresses, and how busy they are. */
export function makeUsers(rnd, n) {
  const users = [];
  for (let i = 0; i < n; i++) {
    const home = rnd.pick(HOME_CITIES);
    const ips = [0, 1].map(() => `${home.net}.${rnd.int(1, 254)}.${rnd.int(1, 254)}`);
    users.push({
      id: `u${1000 + i}`,
      home,
      cards: Array.from({ length: rnd.chance(0.3) ? 2 : 1 }, () => `card_${rnd.hex(6)}`),
      devices: Array.from({ length: rnd.chance(0.4) ? 2 : 1 }, () => `d${rnd.hex(6)}`),
      ips,
      txPerHour: Math.min(10, rnd.logNormal(1.2, 0.8)),
      loginsPerHour: Math.min(4, rnd.logNormal(0.6, 0.7)),
      busy: false, // picked for a planted fraud (so two plants never share a user)
    });
  }
  return users;
}
