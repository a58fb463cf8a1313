// Patients and active orders, fetched for the form when a category needs them and kept until the
// next refresh; a failure is kept as its message so the form can say why the list is empty.
import { fetchActiveOrders, fetchPatients } from './api.js';
import type { MedicationOrder, WardPatient } from './api-types.js';

export class WardRecordsCache {
  patients: WardPatient[] = [];
  orders: MedicationOrder[] = [];
  patientsProblem: string | null = null;
  ordersProblem: string | null = null;

  async refreshPatients(): Promise<void> {
    try {
      this.patients = await fetchPatients();
      this.patientsProblem = null;
    } catch (err) {
      this.patientsProblem = (err as Error).message;
    }
  }

  async refreshOrders(): Promise<void> {
    try {
      const [orders] = await Promise.all([fetchActiveOrders(), this.patients.length ? Promise.resolve() : this.refreshPatients()]);
      this.orders = orders.filter((o) => o.status === 'active');
      this.ordersProblem = null;
    } catch (err) {
      this.ordersProblem = (err as Error).message;
    }
  }

  patient(recordNumber: string): WardPatient | undefined {
    return this.patients.find((p) => p.record_number === recordNumber);
  }

  patientInBed(bed: string): WardPatient | undefined {
    return this.patients.find((p) => p.bed === bed);
  }
}
